/**
 * A catalogue of changes to UserService's behaviour, each with the consumers
 * whose pacts it breaks (none: compatible). Verification must fail for every
 * breaking one, for exactly those consumers, and pass for every compatible
 * one: the evidence that the pacts catch what they should, and tell the
 * consumers apart. Run through a proxy in front of the provider the
 * verification test starts (`provider_mutations.ts`), by `deno task mutate`
 * and `mutation_guard_test.ts`.
 *
 * @module
 */
import type { UserEvent } from "../../provider/service/events/user_events.ts";

/** One change to the provider. */
export interface Mutation {
  /** What the change does, e.g. `drop "email"`. */
  name: string;
  /**
   * The consumers whose pacts it must break, by name, sorted; none for a
   * compatible change.
   */
  breaks: readonly string[];
  /** For a compatible change: why no consumer's pact fails, as the guard reports it. */
  safe?: string;
  /** For a breaking change: a mismatch line the verifier must report. */
  expect?: RegExp;
  /** Changes a request before the provider sees it; `token` is one the provider accepts. */
  request?: (request: Request, token: string) => Request;
  /** Changes a response before the verifier sees it. */
  response?: (response: Response, request: Request) => Promise<Response>;
  /** Changes an event the provider announced. */
  event?: (event: UserEvent) => UserEvent;
}

type Json = Record<string, unknown>;

const isUserLike = (value: Json): boolean => "id" in value && "email" in value;

/** A response whose JSON body went through `change`; other responses pass unchanged. */
function body(change: (body: Json, status: number) => unknown) {
  return async (response: Response): Promise<Response> => {
    if (!response.headers.get("content-type")?.startsWith("application/json")) return response;
    const json = await response.json();
    return Response.json(change(json, response.status), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** A response in which every user (alone or in `users`) went through `change`. */
function users(change: (user: Json) => Json) {
  return body((json) => {
    if (isUserLike(json)) return change(json);
    if (Array.isArray(json.users)) return { ...json, users: (json.users as Json[]).map(change) };
    return json;
  });
}

/** A response whose headers went through `change`. */
function headers(change: (headers: Headers) => void) {
  return async (response: Response): Promise<Response> => {
    const changed = new Headers(response.headers);
    change(changed);
    const bodyless = response.status === 204 || response.status === 304;
    return new Response(bodyless ? null : await response.arrayBuffer(), {
      status: response.status,
      headers: changed,
    });
  };
}

/** The catalogue. */
export const MUTATIONS: readonly Mutation[] = Object.freeze([
  {
    name: 'drop "email" from users',
    breaks: ["NotificationService", "OrderService"],
    expect: /user 1: Actual map is missing the following keys: email$/,
    response: users(({ email: _, ...rest }) => rest),
  },
  {
    name: 'rename "email" to "mail"',
    breaks: ["NotificationService", "OrderService"],
    expect: /user 1: Actual map is missing the following keys: email$/,
    response: users(({ email, ...rest }) => ({ ...rest, mail: email })),
  },
  {
    // NotificationService reads the id and the email, never the name.
    name: 'drop "name" from users',
    breaks: ["OrderService"],
    expect: /user 1: Actual map is missing the following keys: name$/,
    response: users(({ name: _, ...rest }) => rest),
  },
  {
    name: 'rename "name" to "fullName"',
    breaks: ["OrderService"],
    expect: /user 1: Actual map is missing the following keys: name$/,
    response: users(({ name, ...rest }) => ({ ...rest, fullName: name })),
  },
  {
    name: 'send "id" as a string',
    breaks: ["NotificationService", "OrderService"],
    expect: /user 1: Expected '1' \(String\) to be an integer$/,
    response: users((user) => ({ ...user, id: String(user.id) })),
  },
  {
    name: 'send "name" as a number',
    breaks: ["OrderService"],
    expect: /user 1: Expected 42 \(Integer\) to be the same type as 'John Doe' \(String\)$/,
    response: users((user) => ({ ...user, name: 42 })),
  },
  {
    name: "answer 200 with a made-up user for a missing one",
    breaks: ["NotificationService", "OrderService"],
    expect: /user 99: expected 404 but was 200$/,
    response: async (response) => {
      if (response.status !== 404) return response;
      await response.body?.cancel();
      return Response.json({ id: 99, name: "Nobody", email: "nobody@example.com" });
    },
  },
  {
    name: "answer 400 instead of 404",
    breaks: ["NotificationService", "OrderService"],
    expect: /user 99: expected 404 but was 400$/,
    response: (response) => {
      if (response.status !== 404) return Promise.resolve(response);
      return Promise.resolve(
        new Response(response.body, { status: 400, headers: response.headers }),
      );
    },
  },
  {
    name: "drop Content-Type",
    breaks: ["NotificationService", "OrderService"],
    expect: /user 1: Expected a header 'Content-Type' but was missing$/,
    response: headers((h) => h.delete("content-type")),
  },
  {
    name: "answer 404 for a batch with unknown ids",
    breaks: ["OrderService"],
    expect: /user 99 only: expected 200 but was 404$/,
    response: async (response, request) => {
      if (new URL(request.url).pathname !== "/users" || response.status !== 200) return response;
      const { users } = await response.clone().json();
      if (users.length > 0) return response;
      return Response.json({ error: "User not found" }, { status: 404 });
    },
  },
  {
    name: "let a request without credentials through",
    breaks: ["OrderService"],
    expect: /without credentials: expected 401 but was 200$/,
    request: (request, token) => {
      if (request.headers.has("Authorization")) return request;
      const headers = new Headers(request.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return new Request(request, { headers });
    },
  },
  {
    name: 'announce user.updated with "user" renamed to "customer"',
    breaks: ["OrderService"],
    expect: /a user\.updated event: Actual map is missing the following keys: user$/,
    event: (e) =>
      e.contents.event === "user.updated"
        ? {
          ...e,
          contents: {
            id: e.contents.id,
            event: "user.updated",
            version: e.contents.version,
            customer: e.contents.user,
          } as never,
        }
        : e,
  },
  {
    name: 'announce user.deleted with "userId" as a string',
    breaks: ["NotificationService", "OrderService"],
    expect: /a user\.deleted event: Expected '1' \(String\) to be an integer$/,
    event: (e) =>
      e.contents.event === "user.deleted"
        ? { ...e, contents: { ...e.contents, userId: String(e.contents.userId) as never } }
        : e,
  },
  {
    name: 'announce events without their "version"',
    breaks: ["NotificationService", "OrderService"],
    expect: /a user\.(updated|deleted) event: Actual map is missing the following keys: version$/,
    event: (e) => {
      const { version: _, ...contents } = e.contents;
      return { ...e, contents: contents as never };
    },
  },
  {
    name: "announce events on other subjects",
    breaks: ["NotificationService", "OrderService"],
    expect: /a user\.(updated|deleted) event: .*subject/i,
    event: (e) => ({ ...e, metadata: { ...e.metadata, subject: "people.changed" } }),
  },
  {
    name: 'add a field ("phone") to users',
    breaks: [],
    safe: "the pacts match a body by the fields they name; a field more is allowed",
    response: users((user) => ({ ...user, phone: "+1 555 0100" })),
  },
  {
    name: "reorder the keys of every body",
    breaks: [],
    safe: "a JSON object is matched key by key, in any order",
    response: body((json) => Object.fromEntries(Object.entries(json).reverse())),
  },
  {
    name: "add a header (X-Request-Id)",
    breaks: [],
    safe: "the pacts pin only the headers they name (Content-Type)",
    response: headers((h) => h.set("X-Request-Id", crypto.randomUUID())),
  },
  {
    name: "add charset=utf-8 to Content-Type",
    breaks: [],
    safe:
      "both pacts match Content-Type with a pattern that allows parameters (^application/json(;.*)?$)",
    response: headers((h) => {
      if (h.get("content-type") === "application/json") {
        h.set("content-type", "application/json; charset=utf-8");
      }
    }),
  },
  {
    name: 'change the error body to {"message": ...}',
    breaks: [],
    safe: "no pact pins an error body: both consumers read only the status of a 404, " +
      "and OrderService only the status of a 401",
    response: body((json) => ("error" in json ? { message: json.error } : json)),
  },
  {
    name: "add a field to events",
    breaks: [],
    safe: "the pacts match a message by the fields they name; a field more is allowed",
    event: (e) => ({ ...e, contents: { ...e.contents, occurredAt: "2026-01-01T00:00:00Z" } }),
  },
]);

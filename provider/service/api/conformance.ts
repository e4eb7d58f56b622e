import { Ajv, type ValidateFunction } from "ajv";
import type { UserEvent } from "../events/user_events.ts";
import { ASYNCAPI, OPENAPI } from "./documents.ts";

/** A response as a test saw it. */
export interface SeenResponse {
  status: number;
  headers: Iterable<[string, string]>;
  /** The body as text; `""` for none. */
  body: string;
}

type Json = Record<string, unknown>;

// Headers a server or the transport adds whatever the route; every other header must be documented.
const TRANSPORT_HEADERS = new Set([
  "content-length",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "vary",
]);

/** The part of `doc` at JSON pointer `pointer` (`/paths/~1users/get`). */
function at(doc: unknown, pointer: string): unknown {
  return pointer.split("/").slice(1).reduce<unknown>(
    (node, part) => (node as Json | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")],
    doc,
  );
}

/** `node` with `$ref`s followed within `doc`, and the pointer it ends at. */
function resolve(doc: unknown, pointer: string): [Json | undefined, string] {
  let node = at(doc, pointer) as Json | undefined;
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#")) {
    pointer = node.$ref.slice(1);
    node = at(doc, pointer) as Json | undefined;
  }
  return [node, pointer];
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Checks of UserService's answers and events against its OpenAPI and
 * AsyncAPI documents, with the schemas compiled once (ajv). A test hands
 * every response and event it sees to {@linkcode responseProblems} or
 * {@linkcode eventProblems}: an undocumented status, header or body field is
 * a problem, and so is a body its schema refuses.
 */
export class Conformance {
  #ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  #compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.#ajv.addSchema(OPENAPI as Json, "openapi");
    this.#ajv.addSchema(ASYNCAPI as Json, "asyncapi");
  }

  #validate(doc: "openapi" | "asyncapi", pointer: string, value: unknown): string[] {
    const key = `${doc}#${pointer}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: key });
      this.#compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) =>
      `${e.instancePath || "(root)"} ${e.message}${
        e.params && "additionalProperty" in e.params ? `: "${e.params.additionalProperty}"` : ""
      }`
    );
  }

  /** Where `method path` is described: the response pointers by status, or why it is not. */
  #responsesFor(method: string, path: string): { pointer: string } | { fixed: string } {
    const paths = (OPENAPI.paths ?? {}) as Json;
    // A path parameter may be empty here: `/users/` is `/users/{id}` with an id that is no id (400).
    const template = Object.keys(paths).find((t) =>
      new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]*").replaceAll(".", "\\.")}$`).test(path)
    );
    if (!template) return { fixed: "/components/responses/NotFound" };
    const operation = `/paths/${escape(template)}/${method.toLowerCase()}`;
    if (!at(OPENAPI, operation)) return { fixed: "/components/responses/MethodNotAllowed" };
    return { pointer: `${operation}/responses` };
  }

  /**
   * What in `response` to `method path` its OpenAPI document does not
   * describe, one line each; empty when it conforms. A path the document
   * lacks must answer its 404, a method a path lacks its 405.
   */
  responseProblems(method: string, path: string, response: SeenResponse): string[] {
    const where = `${method} ${path} → ${response.status}`;
    const route = this.#responsesFor(method, path);
    let pointer: string;
    if ("fixed" in route) {
      const expected = route.fixed.endsWith("NotFound") ? 404 : 405;
      if (response.status !== expected) {
        return [`${where}: undocumented (the document answers ${expected} here)`];
      }
      pointer = route.fixed;
    } else {
      pointer = `${route.pointer}/${response.status}`;
      if (!at(OPENAPI, pointer)) return [`${where}: undocumented status`];
    }
    const [described, resolved] = resolve(OPENAPI, pointer);
    const problems: string[] = [];
    const headers = (described?.headers ?? {}) as Json;
    const documented = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
    const content = described?.content as Json | undefined;
    for (const [name, value] of response.headers) {
      const lower = name.toLowerCase();
      if (lower === "content-type" && content) {
        if (!/^application\/json\s*(;|$)/.test(value)) {
          problems.push(`${where}: Content-Type "${value}" is not application/json`);
        }
      } else if (documented.has(lower)) {
        const header = Object.keys(headers).find((h) => h.toLowerCase() === lower)!;
        for (
          const p of this.#validate(
            "openapi",
            `${resolved}/headers/${escape(header)}/schema`,
            value,
          )
        ) problems.push(`${where}: header ${name} ${p}`);
      } else if (!TRANSPORT_HEADERS.has(lower)) {
        problems.push(`${where}: undocumented header ${name}`);
      }
    }
    if (!content || method === "HEAD") {
      if (response.body !== "") problems.push(`${where}: a body where none is documented`);
      return problems;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [...problems, `${where}: the body is not JSON`];
    }
    const schema = `${resolved}/content/application~1json/schema`;
    for (const p of this.#validate("openapi", schema, body)) problems.push(`${where}: body ${p}`);
    return problems;
  }

  /** What in `event` its AsyncAPI message does not describe, one line each. */
  eventProblems(event: UserEvent): string[] {
    const name = event.contents.event === "user.updated" ? "userUpdated" : "userDeleted";
    const message = `/components/messages/${name}`;
    return [
      ...this.#validate("asyncapi", `${message}/payload`, event.contents).map((p) =>
        `${event.contents.event} payload ${p}`
      ),
      ...this.#validate("asyncapi", `${message}/headers`, event.metadata).map((p) =>
        `${event.contents.event} metadata ${p}`
      ),
    ];
  }
}

/**
 * `app` checked against its description: every response is compared with the
 * OpenAPI document (its body read from a clone) and the call rejects when it
 * does not conform. For tests, which then check every answer they get.
 */
export function describedHandler(
  app: (request: Request) => Promise<Response>,
  conformance: Conformance = new Conformance(),
): (request: Request) => Promise<Response> {
  return async function checked(request: Request): Promise<Response> {
    const { method } = request;
    const { pathname } = new URL(request.url);
    const response = await app(request);
    const problems = conformance.responseProblems(method, pathname, {
      status: response.status,
      headers: response.headers,
      body: await response.clone().text(),
    });
    if (problems.length > 0) {
      throw new Error(
        `UserService answered outside its OpenAPI document:\n  ${problems.join("\n  ")}`,
      );
    }
    return response;
  };
}

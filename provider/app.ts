import { bearerTokenCheck } from "./auth.ts";
import { userDeleted, userUpdated } from "./events.ts";
import { errorResponse, jsonResponse } from "./json_response.ts";
import { BadBodyError, readJsonBody } from "./request_body.ts";
import type { EventOutbox } from "./sqlite_outbox.ts";
import { parseIdList, parseUserId, parseUserInput } from "./user_input.ts";
import type { UserStore } from "./user_store.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** Where the users live. */
  store: UserStore;
  /** Where the events about user changes go. */
  outbox: EventOutbox;
  /** The bearer token clients must send on `/users*`. */
  token: string;
  /** Called with a failure the handler turned into a 503; defaults to `console.error`. */
  onError?: (error: unknown) => void;
}

/** A web-standard request handler. */
export type Handler = (request: Request) => Promise<Response>;

const UNAUTHORIZED = { "WWW-Authenticate": 'Bearer realm="UserService"' };

/**
 * UserService as a function from `Request` to `Response`:
 * `GET /health`; and, with `Authorization: Bearer <token>`,
 * `GET /users?ids=1,2`, `GET|PUT|DELETE /users/{id}`. A change to a user is
 * announced in the outbox (`user.updated`, `user.deleted`). Every answer is
 * JSON; bad input gets a 4xx, a failing store a 503, never a 500.
 *
 * @example
 * ```ts
 * const app = createApp({ store, outbox, token: "dev-token" });
 * const response = await app(new Request("http://localhost/users/1", {
 *   headers: { Authorization: "Bearer dev-token" },
 * }));
 * ```
 */
export function createApp(options: AppOptions): Handler {
  const { store, outbox, onError = console.error } = options;
  const isAuthorized = bearerTokenCheck(options.token);

  async function getUsers(url: URL): Promise<Response> {
    const ids = parseIdList(url.searchParams.get("ids"));
    if (typeof ids === "string") return errorResponse(400, ids);
    const users = [];
    for (const id of ids) {
      const user = await store.get(id);
      if (user) users.push(user);
    }
    return jsonResponse(200, { users });
  }

  async function userById(request: Request, rawId: string): Promise<Response> {
    const id = parseUserId(rawId);
    if (id === undefined) return errorResponse(400, "User id must be a positive integer");
    switch (request.method) {
      case "GET":
      case "HEAD": {
        const user = await store.get(id);
        return user ? jsonResponse(200, user) : errorResponse(404, "User not found");
      }
      case "PUT": {
        const input = parseUserInput(await readJsonBody(request));
        if (typeof input === "string") return errorResponse(400, input);
        const user = { id, ...input };
        await store.put(user);
        await outbox.append(userUpdated(user));
        return jsonResponse(200, user);
      }
      default: { // DELETE
        if (!await store.delete(id)) return errorResponse(404, "User not found");
        await outbox.append(userDeleted(id));
        return new Response(null, { status: 204 });
      }
    }
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { pathname } = url;
    const userPath = /^\/users\/([^/]*)$/.exec(pathname);
    const allowed = pathname === "/health" || pathname === "/users"
      ? "GET, HEAD"
      : userPath
      ? "GET, HEAD, PUT, DELETE"
      : undefined;
    if (!allowed) return errorResponse(404, "Not found");
    if (pathname !== "/health" && !isAuthorized(request)) {
      return errorResponse(401, "Unauthorized", UNAUTHORIZED);
    }
    if (!allowed.split(", ").includes(request.method)) {
      return errorResponse(405, "Method not allowed", { Allow: allowed });
    }
    if (pathname === "/health") return jsonResponse(200, { status: "ok" });
    return userPath ? await userById(request, userPath[1]) : await getUsers(url);
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof BadBodyError) return errorResponse(error.status, error.message);
      onError(error);
      return errorResponse(503, "User store unavailable");
    }
  };
}

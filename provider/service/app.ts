import { OPENAPI } from "./api/documents.ts";
import { bearerTokenCheck } from "./auth.ts";
import { errorResponse, jsonResponse } from "./json_response.ts";
import { BadBodyError, readJsonBody } from "./request_body.ts";
import { parseIdList, parseUserId, parseUserInput } from "./user_input.ts";
import { StoreBusyError, StoreUnavailableError, type UserStore } from "./store/user_store.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** Where the users live; it announces every change it stores. */
  store: UserStore;
  /** The bearer token clients must send on `/users*`. */
  token: string;
  /**
   * Called with a failure the handler turned into a 5xx. By default a store
   * failure is one line on stderr, and a bug its whole stack.
   */
  onError?: (error: unknown) => void;
  /** How long a request body may take to arrive before a 408; defaults to 10 000 ms. */
  bodyTimeoutMs?: number;
}

/** The default of `onError`: a store failure in one line, a bug with its stack. */
function logFailure(error: unknown): void {
  if (error instanceof StoreUnavailableError) console.error(`UserService: ${error.message}`);
  else console.error(error);
}

/** A web-standard request handler. */
export type Handler = (request: Request) => Promise<Response>;

const UNAUTHORIZED = { "WWW-Authenticate": 'Bearer realm="UserService"' };

/** The methods each `Allow` value names, looked up once per request. */
const METHODS: Record<string, ReadonlySet<string>> = {
  "GET, HEAD": new Set(["GET", "HEAD"]),
  "GET, HEAD, PUT, DELETE": new Set(["GET", "HEAD", "PUT", "DELETE"]),
};

/**
 * UserService as a function from `Request` to `Response`:
 * `GET /health` and `GET /openapi.json` (its API described); and, with
 * `Authorization: Bearer <token>`,
 * `GET /users?ids=1,2`, `GET|PUT|DELETE /users/{id}`. The store announces
 * each change it makes (`user.updated`, `user.deleted`); `PUT` answers the
 * user as stored. Every answer is JSON; bad input gets a 4xx, a failing or
 * locked store a 503 (nothing changed), and only a bug a 500; both 5xx are
 * reported to `onError`.
 *
 * @example
 * ```ts
 * const app = createApp({ store, token: "dev-token" });
 * const response = await app(new Request("http://localhost/users/1", {
 *   headers: { Authorization: "Bearer dev-token" },
 * }));
 * ```
 */
export function createApp(options: AppOptions): Handler {
  const { store, onError = logFailure, bodyTimeoutMs } = options;
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
        const input = parseUserInput(await readJsonBody(request, { deadlineMs: bodyTimeoutMs }));
        if (typeof input === "string") return errorResponse(400, input);
        return jsonResponse(200, await store.put({ id, ...input }));
      }
      default: { // DELETE
        if (!await store.delete(id)) return errorResponse(404, "User not found");
        return new Response(null, { status: 204 });
      }
    }
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { pathname } = url;
    const userPath = /^\/users\/([^/]*)$/.exec(pathname);
    const open = pathname === "/health" || pathname === "/openapi.json"; // no token needed
    const allowed = open || pathname === "/users"
      ? "GET, HEAD"
      : userPath
      ? "GET, HEAD, PUT, DELETE"
      : undefined;
    if (!allowed) return errorResponse(404, "Not found");
    if (!open && !isAuthorized(request)) {
      return errorResponse(401, "Unauthorized", UNAUTHORIZED);
    }
    if (!METHODS[allowed].has(request.method)) {
      return errorResponse(405, "Method not allowed", { Allow: allowed });
    }
    if (pathname === "/health") return jsonResponse(200, { status: "ok" });
    if (pathname === "/openapi.json") return jsonResponse(200, OPENAPI);
    return userPath ? await userById(request, userPath[1]) : await getUsers(url);
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof BadBodyError) return errorResponse(error.status, error.message);
      if (error instanceof StoreBusyError) {
        return errorResponse(503, "User store busy", { "Retry-After": "1" });
      }
      onError(error);
      if (error instanceof StoreUnavailableError) {
        return errorResponse(503, "User store unavailable");
      }
      return errorResponse(500, "Internal error");
    }
  };
}

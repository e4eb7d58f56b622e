import { errorResponse, jsonResponse } from "./json_response.ts";
import type { UserStore } from "./user_store.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** Where the users live. */
  store: UserStore;
  /** Called with a failure the handler turned into a 503; defaults to `console.error`. */
  onError?: (error: unknown) => void;
}

/** A web-standard request handler. */
export type Handler = (request: Request) => Promise<Response>;

const USER_PATH = /^\/users\/([^/]*)$/;
const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;
const READ_METHODS = "GET, HEAD";

/**
 * UserService as a function from `Request` to `Response`, serving
 * `GET /users/{id}` and `GET /health`. Every answer is JSON; bad input gets a
 * 4xx, a failing store a 503, never a 500.
 *
 * @example
 * ```ts
 * const app = createApp({ store: new SqliteUserStore(":memory:") });
 * const response = await app(new Request("http://localhost/users/1"));
 * ```
 */
export function createApp(options: AppOptions): Handler {
  const { store, onError = console.error } = options;

  async function getUser(rawId: string): Promise<Response> {
    const id = POSITIVE_INTEGER.test(rawId) ? Number(rawId) : Number.NaN;
    if (!Number.isSafeInteger(id)) {
      return errorResponse(400, "User id must be a positive integer");
    }
    const user = await store.get(id);
    return user ? jsonResponse(200, user) : errorResponse(404, "User not found");
  }

  return async function handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const userPath = USER_PATH.exec(pathname);
    if (!userPath && pathname !== "/health") return errorResponse(404, "Not found");
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse(405, "Method not allowed", { Allow: READ_METHODS });
    }
    if (!userPath) return jsonResponse(200, { status: "ok" });
    try {
      return await getUser(userPath[1]);
    } catch (error) {
      onError(error);
      return errorResponse(503, "User store unavailable");
    }
  };
}

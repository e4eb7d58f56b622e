/**
 * A provider-states server for Pact
 * verifiers other than pact-js (the standalone `pact verifier`, say), on its
 * own port and never part of UserService. It takes the standard state-change
 * request, `POST /` with `{"state", "params", "action": "setup" | "teardown"}`,
 * runs the same state handlers as `deno task verify` against the database
 * named by `USERS_DB`, and answers the values a setup returns (for
 * `fromProviderState`) as JSON. `STATES_PORT` picks the port (default: a free
 * one; the address is printed).
 *
 * It writes to a real database, so it is locked down: it binds to loopback
 * only, answers only requests whose `Host` is its own (no DNS rebinding),
 * only `application/json` (no cross-origin form or text/plain post from a
 * browser), and only with the secret (`STATES_SECRET`, or one made up and
 * printed) in the `X-Provider-States-Secret` header, which the verifier sends
 * (`pact verifier --header`). It is test tooling: never deploy it.
 *
 * @module
 */
import type { Handler } from "../../provider/service/app.ts";
import { secretCheck } from "../../provider/service/auth.ts";
import { stateHandlers } from "../../provider/pact_states.ts";
import { errorResponse, jsonResponse } from "../../provider/service/json_response.ts";
import { serveNode } from "../../provider/adapters/serve_node.ts";
import type { Server } from "../../provider/adapters/server.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import type { UserStore } from "../../provider/service/store/user_store.ts";
import { messageOf } from "../../tooling/error_message.ts";

/** The header that carries the states server's secret. */
export const STATES_SECRET_HEADER = "X-Provider-States-Secret";

/** Options of {@linkcode createStatesApp}. */
export interface StatesAppOptions {
  /** The secret a request must carry in {@linkcode STATES_SECRET_HEADER}. */
  secret: string;
  /** Whether a `Host` header names this server (its own address and port). */
  isOwnHost: (host: string) => boolean;
}

/** The state-change handler over `store`, as a web handler. */
export function createStatesApp(store: UserStore, options: StatesAppOptions): Handler {
  const handlers = stateHandlers(store);
  const hasSecret = secretCheck(options.secret);
  return async function handleStateChange(request: Request): Promise<Response> {
    const host = request.headers.get("host") ?? "";
    if (!options.isOwnHost(host)) {
      return errorResponse(403, `Host ${JSON.stringify(host)} is not this server`);
    }
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return jsonResponse(200, { status: "ok" });
    if (pathname !== "/") return errorResponse(404, "Not found");
    if (request.method !== "POST") {
      return errorResponse(405, "Method not allowed", { Allow: "POST" });
    }
    if (!hasSecret(request.headers.get(STATES_SECRET_HEADER) ?? "")) {
      return errorResponse(401, `${STATES_SECRET_HEADER} is missing or wrong`);
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
      return errorResponse(415, "Content-Type must be application/json");
    }
    let change: { state?: unknown; params?: unknown; action?: unknown };
    try {
      change = await request.json();
    } catch {
      return errorResponse(400, "Body must be JSON: {state, params, action}");
    }
    const { state: name, params = {}, action = "setup" } = change ?? {};
    const handler = typeof name === "string" && Object.hasOwn(handlers, name)
      ? handlers[name]
      : undefined;
    if (!handler) return errorResponse(400, `Unknown provider state ${JSON.stringify(name)}`);
    if (action !== "setup" && action !== "teardown") {
      return errorResponse(
        400,
        `Action must be "setup" or "teardown", got ${JSON.stringify(action)}`,
      );
    }
    if (typeof params !== "object" || params === null) {
      return errorResponse(400, "params must be a JSON object");
    }
    const step = typeof handler === "function"
      ? (action === "setup" ? handler : undefined)
      : handler[action];
    try {
      const values = await step?.(params as Record<string, never>);
      return jsonResponse(200, values ?? {});
    } catch (error) {
      const message = messageOf(error);
      // A handler refuses parameters it cannot use with a TypeError; anything else is the store.
      if (error instanceof TypeError) {
        return errorResponse(400, `Provider state ${JSON.stringify(name)}: ${message}`);
      }
      return errorResponse(503, message);
    }
  };
}

/** Options of {@linkcode startStatesServer}. */
export interface StartStatesServerOptions {
  /** The secret requests must carry; see {@linkcode STATES_SECRET_HEADER}. */
  secret: string;
  /** Port on 127.0.0.1; defaults to `0`, a free one. */
  port?: number;
}

/** Serves the state-change handler on 127.0.0.1 over the database at `usersDb`; dispose to stop. */
export async function startStatesServer(
  usersDb: string,
  options: StartStatesServerOptions,
): Promise<Server & { store: SqliteUserStore }> {
  const store = new SqliteUserStore(usersDb);
  try {
    let port = options.port ?? 0;
    const app = createStatesApp(store, {
      secret: options.secret,
      isOwnHost: (host) => host === `127.0.0.1:${port}` || host === `localhost:${port}`,
    });
    const server = await serveNode(app, { hostname: "127.0.0.1", port });
    port = Number(server.url.port);
    const shutdown = async () => {
      await server.shutdown();
      store.close();
    };
    return { ...server, store, shutdown, [Symbol.asyncDispose]: shutdown };
  } catch (error) {
    store.close();
    throw error;
  }
}

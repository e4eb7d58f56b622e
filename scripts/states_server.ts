/**
 * `deno task states` / `npm run states`: a provider-states server for Pact
 * verifiers other than pact-js (the standalone `pact verifier`, say), on its
 * own port and never part of UserService. It takes the standard state-change
 * request, `POST /` with `{"state", "params", "action": "setup" | "teardown"}`,
 * runs the same state handlers as `deno task verify` against the database
 * named by `USERS_DB`, and answers the values a setup returns (for
 * `fromProviderState`) as JSON. `STATES_PORT` picks the port (default: a free
 * one; the address is printed).
 *
 * @module
 */
import process from "node:process";
import { errorResponse, jsonResponse } from "../provider/json_response.ts";
import type { Handler } from "../provider/app.ts";
import { userStateHandlers } from "../provider/contract/states.ts";
import { serveNode } from "../provider/serve_node.ts";
import type { Server } from "../provider/server.ts";
import { SqliteUserStore } from "../provider/sqlite_user_store.ts";
import type { UserStore } from "../provider/user_store.ts";

/** The state-change handler over `store`, as a web handler. */
export function createStatesApp(store: UserStore): Handler {
  const handlers = userStateHandlers(store);
  return async function handleStateChange(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return jsonResponse(200, { status: "ok" });
    if (pathname !== "/") return errorResponse(404, "Not found");
    if (request.method !== "POST") {
      return errorResponse(405, "Method not allowed", { Allow: "POST" });
    }
    let change: { state?: unknown; params?: unknown; action?: unknown };
    try {
      change = await request.json();
    } catch {
      return errorResponse(400, "Body must be JSON: {state, params, action}");
    }
    const { state, params = {}, action = "setup" } = change ?? {};
    const handler = typeof state === "string" ? handlers[state] : undefined;
    if (!handler) return errorResponse(400, `Unknown provider state ${JSON.stringify(state)}`);
    if (action !== "setup" && action !== "teardown") {
      return errorResponse(
        400,
        `Action must be "setup" or "teardown", got ${JSON.stringify(action)}`,
      );
    }
    const run = typeof handler === "function"
      ? (action === "setup" ? handler : undefined)
      : handler[action];
    try {
      return jsonResponse(200, (await run?.(params as never)) ?? {});
    } catch (error) {
      return errorResponse(400, error instanceof Error ? error.message : String(error));
    }
  };
}

/** Serves the state-change handler over the database at `usersDb`; dispose to stop. */
export async function startStatesServer(
  usersDb: string,
  port = 0,
): Promise<Server & { store: SqliteUserStore }> {
  const store = new SqliteUserStore(usersDb);
  try {
    const server = await serveNode(createStatesApp(store), { port });
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

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const usersDb = process.env.USERS_DB;
  if (!usersDb) {
    console.error("USERS_DB must name the database file of the provider under verification");
    process.exitCode = 1;
  } else {
    const server = await startStatesServer(usersDb, Number(process.env.STATES_PORT ?? 0));
    console.log(`Provider states server listening on ${server.url.origin} (USERS_DB=${usersDb})`);
    const stop = () => void server.shutdown();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await server.finished;
  }
}

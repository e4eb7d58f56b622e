import { createApp, type Handler } from "./app.ts";
import type { Config } from "../config.ts";
import { EXAMPLE_USERS } from "./example_users.ts";
import { SqliteUserStore } from "./store/sqlite_user_store.ts";

/** UserService's handler with the database it owns; dispose to close it. */
export interface UserService extends Disposable {
  /** The request handler to serve. */
  app: Handler;
  /** The token clients must send: the configured one, or one made up for this run. */
  token: string;
  /** Whether {@linkcode UserService.token} was made up (no `USER_SERVICE_TOKEN`). */
  tokenIsMadeUp: boolean;
}

/** Options of {@linkcode openUserService}. */
export interface OpenUserServiceOptions {
  /** Write the original example's users if the database is new (`--seed`). */
  seed?: boolean;
}

/**
 * Opens the database named by `config.usersDb` (users and event outbox) and
 * builds the handler over it: the runtime-neutral part of every entry point.
 * With `seed`, a database this creates starts with the example users; one that
 * exists is never rewritten.
 */
export function openUserService(
  config: Config,
  options: OpenUserServiceOptions = {},
): UserService {
  let store: SqliteUserStore;
  try {
    store = new SqliteUserStore(config.usersDb, {
      initialUsers: options.seed ? EXAMPLE_USERS : [],
      lockWaitMs: config.lockWaitMs,
    });
  } catch (error) {
    throw new Error(`USERS_DB "${config.usersDb}" cannot be opened: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const token = config.token ?? crypto.randomUUID();
  return {
    app: createApp({ store, token, bodyTimeoutMs: config.limits.requestTimeoutMs }),
    token,
    tokenIsMadeUp: config.token === undefined,
    [Symbol.dispose]: () => store.close(),
  };
}

/** The message of an error, or the value as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

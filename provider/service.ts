import { createApp, type Handler } from "./app.ts";
import type { Config } from "./config.ts";
import { seedExampleUsers } from "./example_users.ts";
import { SqliteUserStore } from "./sqlite_user_store.ts";

/** UserService's handler with the store it owns; dispose to close the store. */
export interface UserService extends Disposable {
  /** The request handler to serve. */
  app: Handler;
  /** The open store; closed by `[Symbol.dispose]`. */
  store: SqliteUserStore;
}

/** Options of {@linkcode openUserService}. */
export interface OpenUserServiceOptions {
  /** Write the original example's users before serving (`deno task start`). */
  seed?: boolean;
}

/**
 * Opens the store named by `config.usersDb` and builds the handler over it:
 * the runtime-neutral part of every entry point.
 */
export async function openUserService(
  config: Config,
  options: OpenUserServiceOptions = {},
): Promise<UserService> {
  let store: SqliteUserStore;
  try {
    store = new SqliteUserStore(config.usersDb);
  } catch (error) {
    throw new Error(`USERS_DB "${config.usersDb}" cannot be opened: ${messageOf(error)}`, {
      cause: error,
    });
  }
  try {
    if (options.seed) await seedExampleUsers(store);
  } catch (error) {
    store.close();
    throw error;
  }
  return { app: createApp({ store }), store, [Symbol.dispose]: () => store.close() };
}

/** The message of an error, or the value as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

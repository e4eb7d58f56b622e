import { SqliteUserStore } from "./sqlite_user_store.ts";
import type { Outbox, User, UserStore } from "./user_store.ts";
import { messageOf } from "../error_message.ts";

/** The store UserService runs on: users and the outbox of their events. */
export type ServiceStore = UserStore & Outbox & AsyncDisposable;

/** Where the store is, as configured: `DATABASE_URL`, or else `USERS_DB`. */
export interface StoreLocation {
  /** PostgreSQL (`DATABASE_URL`, `postgres://…`): several instances may share it. */
  databaseUrl?: string;
  /** The SQLite file (`USERS_DB`), or `:memory:`: the embedded default. */
  usersDb: string;
}

/** `url` with its password, if any, replaced, for a message. */
export function redacted(url: string): string {
  return url.replace(/^(\w+:\/\/[^:@/]*:)[^@/]*@/, "$1***@");
}

/**
 * Opens the store `location` names: PostgreSQL when `databaseUrl` is set,
 * else SQLite. `initialUsers` go only into a database this open creates.
 * Throws one sentence naming the location (without its password) when the
 * store cannot be opened.
 */
export async function openStore(
  location: StoreLocation,
  options: { initialUsers?: readonly User[]; lockWaitMs?: number } = {},
): Promise<ServiceStore> {
  if (location.databaseUrl) {
    try {
      // Loaded only for PostgreSQL: the driver takes some 60 ms to load, at every start.
      const { PostgresUserStore } = await import("./postgres_user_store.ts");
      return await PostgresUserStore.open(location.databaseUrl, options);
    } catch (error) {
      throw new Error(
        `DATABASE_URL "${redacted(location.databaseUrl)}" cannot be opened: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }
  try {
    return new SqliteUserStore(location.usersDb, options);
  } catch (error) {
    throw new Error(`USERS_DB "${location.usersDb}" cannot be opened: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

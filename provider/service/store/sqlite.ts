import { DatabaseSync } from "node:sqlite";
import { setTimeout as delay } from "node:timers/promises";
import { StoreBusyError, StoreUnavailableError } from "./user_store.ts";
import { messageOf } from "../error_message.ts";

/**
 * Opens the SQLite database at `path` (or `":memory:"`): WAL for a file, so
 * that readers never wait for a writer and several processes can share it,
 * and full sync, so that a commit survives a crash or a power loss. With
 * `durable: false` (a database thrown away after use, such as one that
 * provider states seed for a verification) a commit is not synced to disk:
 * the database stays consistent, but the last commits may be lost to a power
 * loss (or an operating system crash), and a commit costs some 0.02 ms, not
 * 0.7 (measured here). `setUp` runs in one
 * write transaction (create tables, first data); at start-up it may wait up
 * to 5 s for another connection's lock. After that the connection never
 * waits inside SQLite (`busy_timeout = 0`): a lock is waited for
 * asynchronously by {@linkcode retryWhileBusy}, so the event loop stays free.
 * The connection is closed again if any of that fails.
 */
export function openSqlite(
  path: string,
  setUp: (db: DatabaseSync) => void,
  { durable = true }: { durable?: boolean } = {},
): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${durable ? "FULL" : "NORMAL"}`);
    inTransaction(db, () => setUp(db));
    db.exec("PRAGMA busy_timeout = 0");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `body` in one write transaction (`BEGIN IMMEDIATE`): everything it
 * wrote commits together, or, when it throws, nothing does. `body` is
 * synchronous, so nothing else runs on the connection in between.
 */
export function inTransaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = body();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** Whether `error` is SQLite's "another connection holds the lock" (SQLITE_BUSY). */
export function isBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Node sets errcode; Deno only the message.
  const { errcode } = error as { errcode?: number };
  return errcode === 5 || (errcode === undefined && /database is locked/.test(error.message));
}

/** Whether `error` is SQLite's own (a statement failed, the database is closed), not a bug. */
function isSqliteFailure(error: unknown): boolean {
  const { code } = error as { code?: unknown };
  return code === "ERR_SQLITE_ERROR" || code === "ERR_INVALID_STATE";
}

/**
 * Runs `attempt` and, while it fails because another connection holds the
 * database's lock, runs it again after a short pause (1 ms, doubling to
 * 16 ms) until `waitMs` has passed; then rejects with
 * {@linkcode StoreBusyError}. Any other failure of SQLite's rejects at once as
 * a {@linkcode StoreUnavailableError}; anything else (a bug) as it is.
 */
export async function retryWhileBusy<T>(attempt: () => T, waitMs: number): Promise<T> {
  const deadline = performance.now() + waitMs;
  for (let pauseMs = 1;; pauseMs = Math.min(pauseMs * 2, 16)) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) {
        if (!isSqliteFailure(error)) throw error;
        throw new StoreUnavailableError(`The database failed: ${messageOf(error)}`, {
          cause: error,
        });
      }
      const leftMs = deadline - performance.now();
      if (leftMs <= 0) throw new StoreBusyError(waitMs, { cause: error });
      await delay(Math.min(pauseMs, leftMs));
    }
  }
}

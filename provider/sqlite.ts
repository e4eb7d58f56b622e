import { DatabaseSync } from "node:sqlite";

/**
 * Opens the SQLite database at `path` (or `":memory:"`) for one of the
 * provider's stores: waits up to 5 s for another connection's lock, uses WAL
 * for a file (so that the provider and a verifier can share it), and runs
 * `schema`. Closes the connection again if any of that fails.
 */
export function openSqlite(path: string, schema: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
    db.exec(schema);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

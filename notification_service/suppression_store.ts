import { DatabaseSync } from "node:sqlite";
import type { UserDeleted } from "./user_deleted.ts";

/** What applying an event did. */
export interface Applied {
  /** Whether it changed anything: `false` for a version seen already, or an older one. */
  readonly applied: boolean;
}

/**
 * NotificationService's own store, over SQLite (`node:sqlite`): the users no
 * notice may go to any more, and the last version of each user it has
 * applied. Each event is applied once, by version, in one transaction.
 *
 * @example
 * ```ts
 * using store = new SuppressionStore(":memory:");
 * store.applyDeletion({ id: "e1", version: 3, userId: 1 });
 * store.isSuppressed(1); // true
 * ```
 */
export class SuppressionStore implements Disposable {
  readonly #db: DatabaseSync;

  /** Opens (or creates) the store at `path`, a file or `:memory:`. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS user_versions (
        user_id INTEGER PRIMARY KEY, version INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS suppressed (
        user_id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, version INTEGER NOT NULL
      );
    `);
  }

  /**
   * Records that no notice may go to the deleted user, with the user's
   * version; a version seen already, or an older one, changes nothing.
   */
  applyDeletion(event: UserDeleted): Applied {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const seen = this.#db.prepare("SELECT version FROM user_versions WHERE user_id = ?")
        .get(event.userId) as { version: number } | undefined;
      if (seen && seen.version >= event.version) {
        this.#db.exec("COMMIT");
        return { applied: false };
      }
      this.#db.prepare(
        "INSERT INTO user_versions (user_id, version) VALUES (?, ?) " +
          "ON CONFLICT (user_id) DO UPDATE SET version = excluded.version",
      ).run(event.userId, event.version);
      this.#db.prepare(
        "INSERT INTO suppressed (user_id, event_id, version) VALUES (?, ?, ?) " +
          "ON CONFLICT (user_id) DO UPDATE SET event_id = excluded.event_id, version = excluded.version",
      ).run(event.userId, event.id, event.version);
      this.#db.exec("COMMIT");
      return { applied: true };
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Whether no notice may go to user `userId`. */
  isSuppressed(userId: number): boolean {
    return this.#db.prepare("SELECT 1 FROM suppressed WHERE user_id = ?").get(userId) !== undefined;
  }

  /** Every suppressed user, with the event that suppressed them. */
  suppressed(): { userId: number; eventId: string; version: number }[] {
    return (this.#db.prepare(
      "SELECT user_id AS userId, event_id AS eventId, version FROM suppressed ORDER BY user_id",
    ).all() as { userId: number; eventId: string; version: number }[]).map((row) => ({ ...row }));
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Closes the database. */
  [Symbol.dispose](): void {
    this.close();
  }
}

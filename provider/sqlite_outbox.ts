// deno-lint-ignore-file require-await -- node:sqlite is synchronous; `async` turns its throws into rejections
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { openSqlite } from "./sqlite.ts";
import type { UserEvent } from "./events.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    contents TEXT NOT NULL,
    metadata TEXT NOT NULL
  ) STRICT`;

/** Where UserService puts the events it announces, for a relay to a broker. */
export interface EventOutbox {
  /** Appends `event` after every event appended before. */
  append(event: UserEvent): Promise<void>;
}

/** An event as the outbox holds it, with its position. */
export interface StoredEvent extends UserEvent {
  /** Position in the outbox, increasing. */
  seq: number;
}

/**
 * An {@linkcode EventOutbox} as a table in SQLite (`node:sqlite`), normally the
 * provider's own database file: a relay reads it in order and publishes to the
 * broker, so an event is never lost when the broker is down.
 */
export class SqliteOutbox implements EventOutbox, Disposable {
  #db: DatabaseSync;
  #insert: StatementSync;
  #after: StatementSync;
  #last: StatementSync;

  /** Opens (and creates if needed) the outbox in the database at `path`. */
  constructor(path: string) {
    this.#db = openSqlite(path, SCHEMA);
    this.#insert = this.#db.prepare("INSERT INTO outbox (contents, metadata) VALUES (?, ?)");
    this.#after = this.#db.prepare(
      "SELECT seq, contents, metadata FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
    );
    this.#last = this.#db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM outbox");
  }

  /** {@inheritDoc EventOutbox.append} */
  async append(event: UserEvent): Promise<void> {
    this.#insert.run(JSON.stringify(event.contents), JSON.stringify(event.metadata));
  }

  /** Up to `limit` events after position `afterSeq`, oldest first. */
  async after(afterSeq = 0, limit = 100): Promise<StoredEvent[]> {
    return this.#after.all(afterSeq, limit).map((row) => ({
      seq: Number(row.seq),
      contents: JSON.parse(String(row.contents)),
      metadata: JSON.parse(String(row.metadata)),
    }));
  }

  /** The position of the newest event, `0` when there is none. */
  async lastSeq(): Promise<number> {
    return Number(this.#last.get()?.seq ?? 0);
  }

  /** Closes the database connection; closing twice is harmless. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Closes the outbox at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }
}

import type { DatabaseSync } from "node:sqlite";
import {
  type StoredEvent,
  userDeleted,
  type UserEvent,
  userUpdated,
} from "../events/user_events.ts";
import { inTransaction, openSqlite, retryWhileBusy } from "./sqlite.ts";
import type { Outbox, User, UserStore } from "./user_store.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL
  ) STRICT;
  -- Each user's version, kept after a delete, so a user created again goes on from there.
  CREATE TABLE IF NOT EXISTS user_versions (
    id      INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    contents TEXT NOT NULL,
    metadata TEXT NOT NULL,
    sent_at  INTEGER
  ) STRICT;
  CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
  CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL`;

/**
 * Brings a database made by an earlier version up to date, in the opening
 * transaction: its outbox gains `sent_at`, and the events it already held
 * count as sent (they were written before anything relayed them).
 */
function migrate(db: DatabaseSync): void {
  const outbox = db.prepare("SELECT name FROM pragma_table_info('outbox')").all();
  if (outbox.length === 0 || outbox.some((column) => column.name === "sent_at")) return;
  db.exec("ALTER TABLE outbox ADD COLUMN sent_at INTEGER");
  db.prepare("UPDATE outbox SET sent_at = ?").run(Date.now());
}

/** Options of {@linkcode SqliteUserStore}. */
export interface SqliteUserStoreOptions {
  /**
   * Users to write when this open creates the database (and only then): a
   * database that already exists is never changed by opening it.
   */
  initialUsers?: readonly User[];
  /** How long a call waits for another connection's write lock; defaults to 2000 ms. */
  lockWaitMs?: number;
  /**
   * `false` for a database thrown away after use: commits not synced to disk
   * (see `openSqlite`). Defaults to `true`.
   */
  durable?: boolean;
}

function toUser(row: Record<string, unknown>): User {
  return { id: Number(row.id), name: String(row.name), email: String(row.email) };
}

/** The store's statements, prepared once per connection. */
function prepareStatements(db: DatabaseSync) {
  return {
    select: db.prepare("SELECT id, name, email FROM users WHERE id = ?"),
    upsert: db.prepare(
      "INSERT INTO users (id, name, email) VALUES (?, ?, ?) " +
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email " +
        "RETURNING id, name, email",
    ),
    insert: db.prepare("INSERT INTO users (name, email) VALUES (?, ?) RETURNING id, name, email"),
    delete: db.prepare("DELETE FROM users WHERE id = ? RETURNING id"),
    nextVersion: db.prepare(
      "INSERT INTO user_versions (id, version) VALUES (?, 1) " +
        "ON CONFLICT (id) DO UPDATE SET version = version + 1 RETURNING version",
    ),
    announce: db.prepare("INSERT INTO outbox (contents, metadata) VALUES (?, ?)"),
    eventsAfter: db.prepare(
      "SELECT seq, contents, metadata FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
    ),
    unsent: db.prepare(
      "SELECT seq, contents, metadata FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
    ),
    markSent: db.prepare("UPDATE outbox SET sent_at = ? WHERE seq = ? AND sent_at IS NULL"),
    pruneSent: db.prepare("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?"),
    // The highest position ever given, which pruning does not lower (AUTOINCREMENT).
    lastSeq: db.prepare(
      "SELECT coalesce(max(seq), 0) AS seq FROM sqlite_sequence WHERE name = 'outbox'",
    ),
    countUsers: db.prepare("SELECT count(*) AS users FROM users"),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Appends `event` to the outbox; only ever inside the transaction of its change. */
function announce(sql: Statements, event: UserEvent): void {
  sql.announce.run(JSON.stringify(event.contents), JSON.stringify(event.metadata));
}

/** The next version of user `id`: 1 the first time, one more each time after. */
function nextVersion(sql: Statements, id: number): number {
  return Number(sql.nextVersion.get(id)!.version);
}

/** Upserts `user` and announces it as stored; only ever inside a transaction. */
function putAndAnnounce(sql: Statements, user: User): User {
  const stored = toUser(sql.upsert.get(user.id, user.name, user.email)!);
  announce(sql, userUpdated(stored, nextVersion(sql, stored.id)));
  return stored;
}

function toEvent(row: Record<string, unknown>): StoredEvent {
  return {
    seq: Number(row.seq),
    contents: JSON.parse(String(row.contents)),
    metadata: JSON.parse(String(row.metadata)),
  };
}

/**
 * A {@linkcode UserStore} in SQLite through the built-in `node:sqlite`, which
 * Deno and Node both ship, with its {@linkcode Outbox}: the `users` table and
 * the `outbox` table live in one database and are written by one connection,
 * each change, its user's next version and its event in one transaction. Several processes may share
 * the database file (WAL); a call that finds it locked waits asynchronously
 * up to `lockWaitMs`, then rejects with `StoreBusyError`.
 *
 * @example
 * ```ts
 * using store = new SqliteUserStore(":memory:");
 * await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
 * (await store.eventsAfter(0))[0].contents.event; // "user.updated"
 * ```
 */
export class SqliteUserStore implements UserStore, Outbox, Disposable, AsyncDisposable {
  #db: DatabaseSync;
  #sql: Statements;
  #lockWaitMs: number;
  #watchers = new Set<() => void>();

  /** Opens (and creates if needed) the database at `path`, or `":memory:"`. */
  constructor(path: string, options: SqliteUserStoreOptions = {}) {
    this.#lockWaitMs = options.lockWaitMs ?? 2000;
    let sql: Statements | undefined;
    // Creating the tables and writing the initial users is one transaction:
    // of several processes opening a new file at once, exactly one seeds it.
    this.#db = openSqlite(path, (db) => {
      const isNew = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'users'").get() ===
        undefined;
      migrate(db);
      db.exec(SCHEMA);
      sql = prepareStatements(db);
      if (isNew) { for (const user of options.initialUsers ?? []) putAndAnnounce(sql, user); }
    }, { durable: options.durable });
    this.#sql = sql!;
  }

  /** Runs `body` as one write transaction, waiting asynchronously for the lock. */
  #change<T>(body: (sql: Statements) => T): Promise<T> {
    return retryWhileBusy(() => inTransaction(this.#db, () => body(this.#sql)), this.#lockWaitMs);
  }

  /** A change that may announce events: the watchers hear of it once it committed. */
  async #announcing<T>(body: (sql: Statements) => T): Promise<T> {
    const result = await this.#change(body);
    for (const watcher of this.#watchers) watcher();
    return result;
  }

  /** Runs a read, waiting asynchronously if the database is locked. */
  #read<T>(body: (sql: Statements) => T): Promise<T> {
    return retryWhileBusy(() => body(this.#sql), this.#lockWaitMs);
  }

  /** {@inheritDoc UserStore.get} */
  get(id: number): Promise<User | undefined> {
    return this.#read((sql) => {
      const row = sql.select.get(id);
      return row && toUser(row);
    });
  }

  /** {@inheritDoc UserStore.create} */
  create(user: Omit<User, "id">): Promise<User> {
    return this.#announcing((sql) => {
      const stored = toUser(sql.insert.get(user.name, user.email)!);
      announce(sql, userUpdated(stored, nextVersion(sql, stored.id)));
      return stored;
    });
  }

  /** {@inheritDoc UserStore.put} */
  put(user: User): Promise<User> {
    return this.#announcing((sql) => putAndAnnounce(sql, user));
  }

  /** {@inheritDoc UserStore.delete} */
  delete(id: number): Promise<boolean> {
    return this.#announcing((sql) => {
      const gone = sql.delete.get(id) !== undefined;
      if (gone) announce(sql, userDeleted(id, nextVersion(sql, id)));
      return gone;
    });
  }

  /** {@inheritDoc UserStore.countUsers} */
  countUsers(): Promise<number> {
    return this.#read((sql) => Number(sql.countUsers.get()?.users ?? 0));
  }

  /** {@inheritDoc EventLog.eventsAfter} */
  eventsAfter(afterSeq = 0, limit = 100): Promise<StoredEvent[]> {
    return this.#read((sql) => sql.eventsAfter.all(afterSeq, limit).map(toEvent));
  }

  /** {@inheritDoc Outbox.unsentEvents} */
  unsentEvents(limit = 100): Promise<StoredEvent[]> {
    return this.#read((sql) => sql.unsent.all(limit).map(toEvent));
  }

  /** {@inheritDoc Outbox.markSent} */
  markSent(seqs: readonly number[], sentAt = Date.now()): Promise<void> {
    return this.#change((sql) => {
      for (const seq of seqs) sql.markSent.run(sentAt, seq);
    });
  }

  /** {@inheritDoc Outbox.watch} */
  watch(listener: () => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  /** {@inheritDoc Outbox.pruneSent} */
  pruneSent(before: number): Promise<number> {
    return this.#change((sql) => Number(sql.pruneSent.run(before).changes));
  }

  /** {@inheritDoc EventLog.lastEventSeq} */
  lastEventSeq(): Promise<number> {
    return this.#read((sql) => Number(sql.lastSeq.get()?.seq ?? 0));
  }

  /** {@inheritDoc UserStore.close} */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Closes the store at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the store at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

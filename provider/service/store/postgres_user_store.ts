import { guardPostgresDeferredWrite } from "./postgres_write_guard.ts";
import postgres from "postgres";
import {
  type StoredEvent,
  userDeleted,
  type UserEvent,
  userUpdated,
} from "../events/user_events.ts";
import {
  type Outbox,
  StoreBusyError,
  StoreUnavailableError,
  type User,
  type UserStore,
} from "./user_store.ts";
import { messageOf } from "../error_message.ts";

/** Options of {@linkcode PostgresUserStore.open}. */
export interface PostgresUserStoreOptions {
  /** Users to write when this open creates the tables (and only then). */
  initialUsers?: readonly User[];
  /** How long a write waits for a lock before it gives up with `StoreBusyError`; default 2000 ms. */
  lockWaitMs?: number;
  /** Connections in the pool; default 10. */
  maxConnections?: number;
}

type Sql = postgres.Sql;
type Tx = postgres.TransactionSql;

/** The channel a commit that announced events notifies, so that every dispatcher wakes up. */
const CHANNEL = "user_events";

/**
 * The advisory lock every write transaction takes first: writes commit one at
 * a time, so the outbox's positions are the order the changes committed in,
 * across every instance, and the dispatcher can never see a later event
 * before an earlier one commits.
 */
export const WRITE_LOCK = 0x5553_4552; // "USER"
/** The advisory lock that lets one instance at a time create the tables. */
const SCHEMA_LOCK = 0x5553_4551;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id    BIGINT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS user_versions (
    id      BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS outbox (
    seq      BIGSERIAL PRIMARY KEY,
    contents JSONB NOT NULL,
    metadata JSONB NOT NULL,
    sent_at  BIGINT
  );
  CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
  CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL`;

/**
 * `DATABASE_URL` as the client's options. It takes the usual
 * `postgres://user:password@host:port/database`, and libpq's form for a Unix
 * socket, `postgres://user@/database?host=/var/run/postgresql`, which a URL
 * parser refuses (credentials without a host).
 */
export function connectionOptions(url: string): postgres.Options<Record<string, never>> {
  const match =
    /^postgres(?:ql)?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/
      .exec(url);
  if (!match) throw new TypeError(`Not a postgres:// URL: "${url}"`);
  const [, user, password, hostPort, database, query] = match;
  const params = new URLSearchParams(query ?? "");
  const [host, port] = hostPort.split(":");
  return {
    username: user ? decodeURIComponent(user) : "postgres",
    ...(password ? { password: decodeURIComponent(password) } : {}),
    host: params.get("host") || decodeURIComponent(host) || "localhost",
    ...(port ? { port: Number(port) } : {}),
    database: database ? decodeURIComponent(database) : "postgres",
  };
}

// SQLSTATE classes and codes that mean the database, not this code, failed.
const UNAVAILABLE_CLASSES = ["08", "53", "57", "58", "XX"];
const BUSY_CODES = ["55P03", "40001", "40P01"]; // lock not available, serialization, deadlock
// The client's own codes for a connection it could not make or lost.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOENT",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/** `error` as a store failure when the database failed, or as it is (a bug). */
function storeError(error: unknown, lockWaitMs: number): unknown {
  const code = String((error as { code?: unknown })?.code ?? "");
  if (BUSY_CODES.includes(code)) return new StoreBusyError(lockWaitMs, { cause: error });
  if (UNAVAILABLE_CLASSES.includes(code.slice(0, 2)) || CONNECTION_CODES.has(code)) {
    return new StoreUnavailableError(`The database failed: ${messageOf(error)}`, { cause: error });
  }
  return error;
}

function toUser(row: { id: unknown; name: unknown; email: unknown }): User {
  return { id: Number(row.id), name: String(row.name), email: String(row.email) };
}

function toEvent(row: Record<string, unknown>): StoredEvent {
  return {
    seq: Number(row.seq),
    contents: row.contents as StoredEvent["contents"],
    metadata: row.metadata as StoredEvent["metadata"],
  };
}

/**
 * A {@linkcode UserStore} and {@linkcode Outbox} in PostgreSQL (`DATABASE_URL`),
 * for several UserService instances on one database. Each change, its user's
 * next version and its event commit in one transaction, and the commit
 * notifies every instance's dispatcher. Write transactions take one advisory
 * lock first (commit order is outbox order) and wait at most `lockWaitMs` for
 * any lock (`lock_timeout`), then reject with `StoreBusyError`. A database
 * that cannot be reached rejects with `StoreUnavailableError`; nothing
 * changed. Opening never rewrites data: the initial users are written only
 * by the open that creates the tables.
 *
 * @example
 * ```ts
 * await using store = await PostgresUserStore.open(process.env.DATABASE_URL!);
 * await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
 * ```
 */
export class PostgresUserStore implements UserStore, Outbox, AsyncDisposable {
  #sql: Sql;
  #lockWaitMs: number;
  #closed = false;
  // While the store is open: a closing connection must not end the process (see the guard).
  #guard = guardPostgresDeferredWrite();

  private constructor(sql: Sql, lockWaitMs: number) {
    this.#sql = sql;
    this.#lockWaitMs = lockWaitMs;
  }

  /** Connects to `url`, creates the tables if they are not there, and writes the initial users then. */
  static async open(
    url: string,
    options: PostgresUserStoreOptions = {},
  ): Promise<PostgresUserStore> {
    const lockWaitMs = options.lockWaitMs ?? 2000;
    const sql = postgres({
      ...connectionOptions(url),
      max: options.maxConnections ?? 10,
      connect_timeout: Math.max(1, Math.ceil(lockWaitMs / 1000)),
      // Try a lost connection again soon: the client's default waits longer after each
      // failure (up to 20 s), so a database that is back would go unused for that long.
      backoff: () => 0.1,
      onnotice: () => {},
    });
    const store = new PostgresUserStore(sql, lockWaitMs);
    try {
      await sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`;
        const [{ exists }] = await tx`SELECT to_regclass('users') IS NOT NULL AS exists`;
        await tx.unsafe(SCHEMA);
        if (!exists) {
          for (const user of options.initialUsers ?? []) await store.#putAndAnnounce(tx, user);
        }
      });
    } catch (error) {
      await sql.end({ timeout: 1 });
      store.#guard[Symbol.dispose]();
      throw storeError(error, lockWaitMs);
    }
    return store;
  }

  /** Runs `body` in one write transaction, after the write lock; notifies the dispatchers on commit. */
  async #change<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    this.#checkOpen();
    try {
      return await this.#sql.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL lock_timeout = ${Math.round(this.#lockWaitMs)}`);
        await tx`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
        const result = await body(tx);
        await tx`SELECT pg_notify(${CHANNEL}, '')`; // delivered at commit, and only then
        return result;
      }) as T;
    } catch (error) {
      throw storeError(error, this.#lockWaitMs);
    }
  }

  /** Runs a read; maps the database's failures as {@linkcode #change} does. */
  async #read<T>(body: (sql: Sql) => Promise<T>): Promise<T> {
    this.#checkOpen();
    try {
      return await body(this.#sql);
    } catch (error) {
      throw storeError(error, this.#lockWaitMs);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreUnavailableError("The store is closed");
  }

  async #nextVersion(tx: Tx, id: number): Promise<number> {
    const [{ version }] = await tx`
      INSERT INTO user_versions (id, version) VALUES (${id}, 1)
      ON CONFLICT (id) DO UPDATE SET version = user_versions.version + 1
      RETURNING version`;
    return Number(version);
  }

  async #announce(tx: Tx, event: UserEvent): Promise<void> {
    await tx`INSERT INTO outbox (contents, metadata)
             VALUES (${tx.json(event.contents as never)}, ${tx.json(event.metadata)})`;
  }

  async #putAndAnnounce(tx: Tx, user: User): Promise<User> {
    const [row] = await tx`
      INSERT INTO users (id, name, email) VALUES (${user.id}, ${user.name}, ${user.email})
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email
      RETURNING id, name, email`;
    const stored = toUser(row as never);
    await this.#announce(tx, userUpdated(stored, await this.#nextVersion(tx, stored.id)));
    return stored;
  }

  /** {@inheritDoc UserStore.get} */
  get(id: number): Promise<User | undefined> {
    return this.#read(async (sql) => {
      const [row] = await sql`SELECT id, name, email FROM users WHERE id = ${id}`;
      return row && toUser(row as never);
    });
  }

  /** {@inheritDoc UserStore.create} */
  create(user: Omit<User, "id">): Promise<User> {
    return this.#change(async (tx) => {
      // Under the write lock: the next id after any a PUT chose, and after any deleted one.
      const [{ id }] = await tx`
        SELECT greatest(coalesce((SELECT max(id) FROM users), 0),
                        coalesce((SELECT max(id) FROM user_versions), 0)) + 1 AS id`;
      return await this.#putAndAnnounce(tx, { id: Number(id), ...user });
    });
  }

  /** {@inheritDoc UserStore.put} */
  put(user: User): Promise<User> {
    return this.#change((tx) => this.#putAndAnnounce(tx, user));
  }

  /** {@inheritDoc UserStore.delete} */
  delete(id: number): Promise<boolean> {
    return this.#change(async (tx) => {
      const gone = (await tx`DELETE FROM users WHERE id = ${id} RETURNING id`).length > 0;
      if (gone) await this.#announce(tx, userDeleted(id, await this.#nextVersion(tx, id)));
      return gone;
    });
  }

  /** {@inheritDoc UserStore.countUsers} */
  countUsers(): Promise<number> {
    return this.#read(async (sql) => Number((await sql`SELECT count(*) AS n FROM users`)[0].n));
  }

  /** {@inheritDoc EventLog.eventsAfter} */
  eventsAfter(afterSeq = 0, limit = 100): Promise<StoredEvent[]> {
    return this.#read(async (sql) =>
      (await sql`SELECT seq, contents, metadata FROM outbox WHERE seq > ${afterSeq}
                 ORDER BY seq LIMIT ${limit}`).map(toEvent)
    );
  }

  /** {@inheritDoc EventLog.lastEventSeq} */
  lastEventSeq(): Promise<number> {
    return this.#read(async (sql) => {
      const [{ seq }] = await sql`
        SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'seq')), 0) AS seq`;
      return Number(seq);
    });
  }

  /** {@inheritDoc Outbox.unsentEvents} */
  unsentEvents(limit = 100): Promise<StoredEvent[]> {
    return this.#read(async (sql) =>
      (await sql`SELECT seq, contents, metadata FROM outbox WHERE sent_at IS NULL
                 ORDER BY seq LIMIT ${limit}`).map(toEvent)
    );
  }

  /** {@inheritDoc Outbox.markSent} */
  markSent(seqs: readonly number[], sentAt = Date.now()): Promise<void> {
    return this.#read(async (sql) => {
      await sql`UPDATE outbox SET sent_at = ${sentAt}
                WHERE seq = ANY(${sql.array([...seqs])}::bigint[]) AND sent_at IS NULL`;
    });
  }

  /** {@inheritDoc Outbox.pruneSent} */
  pruneSent(before: number): Promise<number> {
    return this.#read(async (sql) =>
      (await sql`DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ${before}`).count
    );
  }

  /** {@inheritDoc Outbox.watch} */
  watch(listener: () => void): () => void {
    const listening = this.#sql.listen(CHANNEL, () => listener()).catch(() => undefined);
    return () => void listening.then((meta) => meta?.unlisten().catch(() => {}));
  }

  /** {@inheritDoc UserStore.close} */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#sql.end({ timeout: 5 }).finally(() => this.#guard[Symbol.dispose]());
  }

  /** Closes the store and waits for its connections to end. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#closed = true;
    try {
      await this.#sql.end({ timeout: 5 });
    } finally {
      this.#guard[Symbol.dispose]();
    }
  }
}

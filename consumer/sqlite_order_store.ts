import { DatabaseSync, type StatementSync } from "node:sqlite";
import { setTimeout as delay } from "node:timers/promises";
import { OrderStoreBusyError } from "./errors.ts";
import type { CustomerSnapshot, Order, OrderItem } from "./order.ts";

/** A change of a customer that one of UserService's events announces. */
export interface CustomerChange {
  /** The event's id, recorded with what it changed. */
  eventId: string;
  /** The user whose orders it is about. */
  userId: number;
  /** The user's version the event carries. */
  version: number;
  /** The snapshot those orders should show now. */
  customer: CustomerSnapshot;
}

/** What {@linkcode OrderStore.applyCustomerChange} did. */
export interface ChangeOutcome {
  /** Whether the change was applied: `false` for a version seen already, or an older one. */
  applied: boolean;
  /** How many orders it changed. */
  orders: number;
}

/** One event OrderService applied, as its store recorded it. */
export interface AppliedEvent {
  eventId: string;
  userId: number;
  version: number;
  orders: number;
}

/** Where OrderService keeps its orders. */
export interface OrderStore {
  /** Stores a new order and returns it with its id. */
  insert(order: Omit<Order, "id">): Promise<Order>;
  /** The order with `id`, or `undefined`. */
  get(id: number): Promise<Order | undefined>;
  /**
   * In one transaction: unless a version of that user as new as
   * `change.version` was applied already, replaces the customer snapshot on
   * every order of `change.userId`, and records the version and the event.
   * So a duplicate, a redelivery or an old event arriving late changes nothing.
   */
  applyCustomerChange(change: CustomerChange): Promise<ChangeOutcome>;
  /** Every event applied, oldest first. */
  appliedEvents(): Promise<AppliedEvent[]>;
}

/** Options of {@linkcode SqliteOrderStore}. */
export interface SqliteOrderStoreOptions {
  /** How long a call waits for another connection's lock; defaults to 2000 ms. */
  lockWaitMs?: number;
}

/** Whether `error` is SQLite's "another connection holds the lock" (SQLITE_BUSY). */
function isLocked(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: number; message?: string };
  return errcode === 5 || (errcode === undefined && /database is locked/.test(message ?? ""));
}

/**
 * OrderService's own {@linkcode OrderStore} in SQLite (`node:sqlite`): a file
 * path or `:memory:`; the schema is created on open. SQLite is asked never to
 * wait for a lock itself (that would block the event loop): a call that finds
 * the database locked tries again after a pause, up to `lockWaitMs`, then
 * rejects with {@linkcode OrderStoreBusyError}. Several processes may share
 * the file (WAL): each applies an event in a transaction of its own.
 */
export class SqliteOrderStore implements OrderStore, Disposable {
  #db: DatabaseSync;
  #lockWaitMs: number;
  #insert: StatementSync;
  #select: StatementSync;
  #update: StatementSync;
  #version: StatementSync;
  #setVersion: StatementSync;
  #record: StatementSync;
  #applied: StatementSync;

  /** Opens (and creates if needed) the database at `path`. */
  constructor(path: string, options: SqliteOrderStoreOptions = {}) {
    this.#lockWaitMs = options.lockWaitMs ?? 2000;
    this.#db = new DatabaseSync(path);
    try {
      // Only while opening may SQLite wait for a lock on its own: once, before serving.
      this.#db.exec("PRAGMA busy_timeout = 5000");
      if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
      this.#db.exec(`CREATE TABLE IF NOT EXISTS orders (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id        INTEGER NOT NULL,
        customer_name  TEXT NOT NULL,
        customer_email TEXT,
        items          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id);
      -- The newest version of each customer applied: an event at or below it changes nothing.
      CREATE TABLE IF NOT EXISTS customer_versions (
        user_id  INTEGER PRIMARY KEY,
        version  INTEGER NOT NULL,
        event_id TEXT NOT NULL
      ) STRICT;
      -- Every event applied, in the transaction that applied it: what changed an order, and when.
      CREATE TABLE IF NOT EXISTS applied_events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id   TEXT NOT NULL,
        user_id    INTEGER NOT NULL,
        version    INTEGER NOT NULL,
        orders     INTEGER NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT`);
      this.#db.exec("PRAGMA busy_timeout = 0");
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#insert = this.#db.prepare(
      "INSERT INTO orders (user_id, customer_name, customer_email, items) VALUES (?, ?, ?, ?)",
    );
    this.#select = this.#db.prepare(
      "SELECT id, user_id, customer_name, customer_email, items FROM orders WHERE id = ?",
    );
    this.#update = this.#db.prepare(
      "UPDATE orders SET customer_name = ?, customer_email = ? WHERE user_id = ?",
    );
    this.#version = this.#db.prepare("SELECT version FROM customer_versions WHERE user_id = ?");
    this.#setVersion = this.#db.prepare(
      "INSERT INTO customer_versions (user_id, version, event_id) VALUES (?, ?, ?) " +
        "ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, event_id = excluded.event_id",
    );
    this.#record = this.#db.prepare(
      "INSERT INTO applied_events (event_id, user_id, version, orders, applied_at) " +
        "VALUES (?, ?, ?, ?, ?)",
    );
    this.#applied = this.#db.prepare(
      "SELECT event_id, user_id, version, orders FROM applied_events ORDER BY seq",
    );
  }

  /** Runs `attempt`, again after a pause (1 ms doubling to 16 ms) while the database is locked. */
  async #unlocked<T>(attempt: () => T): Promise<T> {
    const deadline = performance.now() + this.#lockWaitMs;
    for (let pauseMs = 1;; pauseMs = Math.min(2 * pauseMs, 16)) {
      try {
        return attempt();
      } catch (error) {
        const leftMs = deadline - performance.now();
        if (!isLocked(error)) throw error;
        if (leftMs <= 0) throw new OrderStoreBusyError(this.#lockWaitMs, { cause: error });
        await delay(Math.min(pauseMs, leftMs));
      }
    }
  }

  /** {@inheritDoc OrderStore.insert} */
  async insert(order: Omit<Order, "id">): Promise<Order> {
    const { customer, items, userId } = order;
    const { lastInsertRowid } = await this.#unlocked(() =>
      this.#insert.run(userId, customer.name, customer.email, JSON.stringify(items))
    );
    return { id: Number(lastInsertRowid), ...order };
  }

  /** {@inheritDoc OrderStore.get} */
  async get(id: number): Promise<Order | undefined> {
    const row = await this.#unlocked(() => this.#select.get(id));
    if (!row) return undefined;
    return {
      id: Number(row.id),
      userId: Number(row.user_id),
      customer: {
        name: String(row.customer_name),
        email: row.customer_email === null ? null : String(row.customer_email),
      },
      items: JSON.parse(String(row.items)) as OrderItem[],
    };
  }

  /** {@inheritDoc OrderStore.applyCustomerChange} */
  applyCustomerChange(change: CustomerChange): Promise<ChangeOutcome> {
    const { eventId, userId, version, customer } = change;
    return this.#unlocked(() => {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const seen = this.#version.get(userId);
        let outcome: ChangeOutcome = { applied: false, orders: 0 };
        if (seen === undefined || Number(seen.version) < version) {
          const { changes } = this.#update.run(customer.name, customer.email, userId);
          this.#setVersion.run(userId, version, eventId);
          this.#record.run(eventId, userId, version, changes, Date.now());
          outcome = { applied: true, orders: Number(changes) };
        }
        this.#db.exec("COMMIT");
        return outcome;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  /** {@inheritDoc OrderStore.appliedEvents} */
  async appliedEvents(): Promise<AppliedEvent[]> {
    const rows = await this.#unlocked(() => this.#applied.all());
    return rows.map((row) => ({
      eventId: String(row.event_id),
      userId: Number(row.user_id),
      version: Number(row.version),
      orders: Number(row.orders),
    }));
  }

  /** Closes the database; closing twice is harmless. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Closes the store at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }
}

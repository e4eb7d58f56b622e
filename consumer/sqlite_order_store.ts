import { DatabaseSync, type StatementSync } from "node:sqlite";
import { OrderStoreBusyError } from "./errors.ts";
import type { CustomerSnapshot, Order, OrderItem } from "./order.ts";

/** Where OrderService keeps its orders. */
export interface OrderStore {
  /** Stores a new order and returns it with its id. */
  insert(order: Omit<Order, "id">): Promise<Order>;
  /** The order with `id`, or `undefined`. */
  get(id: number): Promise<Order | undefined>;
  /** Replaces the customer snapshot on every order of `userId`; resolves to how many. */
  updateCustomer(userId: number, customer: CustomerSnapshot): Promise<number>;
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
 * rejects with {@linkcode OrderStoreBusyError}.
 */
export class SqliteOrderStore implements OrderStore, Disposable {
  #db: DatabaseSync;
  #lockWaitMs: number;
  #insert: StatementSync;
  #select: StatementSync;
  #update: StatementSync;

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
      CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id)`);
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
        await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, leftMs)));
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

  /** {@inheritDoc OrderStore.updateCustomer} */
  async updateCustomer(userId: number, customer: CustomerSnapshot): Promise<number> {
    const { changes } = await this.#unlocked(() =>
      this.#update.run(customer.name, customer.email, userId)
    );
    return Number(changes);
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

// deno-lint-ignore-file require-await -- node:sqlite is synchronous; `async` turns its throws into rejections
import { DatabaseSync, type StatementSync } from "node:sqlite";
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

/**
 * OrderService's own {@linkcode OrderStore} in SQLite (`node:sqlite`): a file
 * path or `:memory:`; the schema is created on open.
 */
export class SqliteOrderStore implements OrderStore, Disposable {
  #db: DatabaseSync;
  #insert: StatementSync;
  #select: StatementSync;
  #update: StatementSync;

  /** Opens (and creates if needed) the database at `path`. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    try {
      this.#db.exec("PRAGMA busy_timeout = 5000");
      this.#db.exec(`CREATE TABLE IF NOT EXISTS orders (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id        INTEGER NOT NULL,
        customer_name  TEXT NOT NULL,
        customer_email TEXT,
        items          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id)`);
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

  /** {@inheritDoc OrderStore.insert} */
  async insert(order: Omit<Order, "id">): Promise<Order> {
    const { customer, items, userId } = order;
    const { lastInsertRowid } = this.#insert.run(
      userId,
      customer.name,
      customer.email,
      JSON.stringify(items),
    );
    return { id: Number(lastInsertRowid), ...order };
  }

  /** {@inheritDoc OrderStore.get} */
  async get(id: number): Promise<Order | undefined> {
    const row = this.#select.get(id);
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
    return Number(this.#update.run(customer.name, customer.email, userId).changes);
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

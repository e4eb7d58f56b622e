// deno-lint-ignore-file require-await -- node:sqlite is synchronous; `async` turns its throws into rejections, as UserStore promises
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { openSqlite } from "./sqlite.ts";
import type { User, UserStore } from "./user_store.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL
  ) STRICT`;

/**
 * A {@linkcode UserStore} in SQLite through the built-in `node:sqlite`, which
 * Deno and Node both ship. The schema is created on open. Several processes
 * may share one database file (WAL mode, with a busy timeout).
 *
 * @example
 * ```ts
 * using store = new SqliteUserStore(":memory:");
 * await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
 * ```
 */
export class SqliteUserStore implements UserStore {
  #db: DatabaseSync;
  #select: StatementSync;
  #upsert: StatementSync;
  #delete: StatementSync;
  #insert: StatementSync;

  /** Opens (and creates if needed) the database at `path`, or `":memory:"`. */
  constructor(path: string) {
    this.#db = openSqlite(path, SCHEMA);
    this.#select = this.#db.prepare("SELECT id, name, email FROM users WHERE id = ?");
    this.#upsert = this.#db.prepare(
      "INSERT INTO users (id, name, email) VALUES (?, ?, ?) " +
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email",
    );
    this.#delete = this.#db.prepare("DELETE FROM users WHERE id = ?");
    this.#insert = this.#db.prepare("INSERT INTO users (name, email) VALUES (?, ?)");
  }

  /** {@inheritDoc UserStore.get} */
  async get(id: number): Promise<User | undefined> {
    const row = this.#select.get(id);
    return row && { id: Number(row.id), name: String(row.name), email: String(row.email) };
  }

  /** {@inheritDoc UserStore.create} */
  async create(user: Omit<User, "id">): Promise<User> {
    const { lastInsertRowid } = this.#insert.run(user.name, user.email);
    return { id: Number(lastInsertRowid), name: user.name, email: user.email };
  }

  /** {@inheritDoc UserStore.put} */
  async put(user: User): Promise<void> {
    this.#upsert.run(user.id, user.name, user.email);
  }

  /** {@inheritDoc UserStore.delete} */
  async delete(id: number): Promise<boolean> {
    return this.#delete.run(id).changes > 0;
  }

  /** {@inheritDoc UserStore.clear} */
  async clear(): Promise<void> {
    this.#db.exec("DELETE FROM users");
  }

  /** {@inheritDoc UserStore.close} */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Closes the store at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }
}

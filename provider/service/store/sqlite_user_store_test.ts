import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { SqliteUserStore } from "./sqlite_user_store.ts";
import { type StoreEngine, userStoreSuite } from "./user_store_suite.ts";
import { temporaryDir } from "../../../tooling/temp_dir.ts";

/** SQLite for the suite: a database file in a temporary folder per test. */
const sqlite: StoreEngine = {
  name: "SqliteUserStore",
  newDatabase() {
    const dirTemp = temporaryDir("sqlite-store-test-");
    const dir = dirTemp.path;
    const path = join(dir, "users.db");
    return Promise.resolve({
      open: (options) => Promise.resolve(new SqliteUserStore(path, options)),
      failEventWrites() {
        const db = new DatabaseSync(path);
        db.exec(`CREATE TRIGGER fail BEFORE INSERT ON outbox
                 BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`);
        db.close();
        return Promise.resolve();
      },
      holdWriteLock() {
        const holder = new DatabaseSync(path);
        holder.exec("BEGIN IMMEDIATE");
        return Promise.resolve(() => {
          if (holder.isOpen) {
            if (holder.isTransaction) holder.exec("ROLLBACK");
            holder.close();
          }
          return Promise.resolve();
        });
      },
      [Symbol.asyncDispose]() {
        dirTemp.remove();
        return Promise.resolve();
      },
    });
  },
};

userStoreSuite(sqlite);

test("SqliteUserStore in memory: a store of its own, gone when closed", async () => {
  using store = new SqliteUserStore(":memory:");
  await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
  assert.equal(await store.countUsers(), 1);
});

test("SqliteUserStore brings an earlier version's database up to date, its events counted as sent", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "users.db");
    const old = new DatabaseSync(path);
    old.exec(
      `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL) STRICT;
              CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                                   contents TEXT NOT NULL, metadata TEXT NOT NULL) STRICT;
              INSERT INTO users VALUES (1, 'John Doe', 'john.doe@example.com');
              INSERT INTO outbox (contents, metadata) VALUES ('{"event":"user.updated"}', '{}')`,
    );
    old.close();
    using store = new SqliteUserStore(path);
    assert.equal((await store.get(1))?.name, "John Doe");
    assert.deepEqual(await store.unsentEvents(), [], "nothing relayed what was there before");
    await store.put({ id: 1, name: "John Q. Doe", email: "john.doe@example.com" });
    const [event] = await store.unsentEvents();
    assert.equal(event.seq, 2);
    assert.equal(event.contents.version, 1);
  });
});

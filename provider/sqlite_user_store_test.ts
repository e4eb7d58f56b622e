import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SqliteUserStore } from "./sqlite_user_store.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

test("SqliteUserStore puts, replaces, gets, deletes and clears users", async () => {
  using store = new SqliteUserStore(":memory:");
  assert.equal(await store.get(1), undefined);
  await store.put(john);
  assert.deepEqual(await store.get(1), john);
  await store.put({ ...john, name: "Johnny" });
  assert.equal((await store.get(1))?.name, "Johnny");
  assert.equal(await store.delete(1), true);
  assert.equal(await store.delete(1), false);
  await store.put(john);
  await store.clear();
  assert.equal(await store.get(1), undefined);
});

test("SqliteUserStore.create() chooses a new id each time", async () => {
  using store = new SqliteUserStore(":memory:");
  await store.put({ ...john, id: 41 });
  const ada = await store.create({ name: "Ada", email: "ada@example.com" });
  const bob = await store.create({ name: "Bob", email: "bob@example.com" });
  assert.equal(ada.id, 42);
  assert.equal(bob.id, 43);
  assert.deepEqual(await store.get(42), ada);
});

test("SqliteUserStore shares one database file between two connections", async () => {
  const dir = mkdtempSync(join(tmpdir(), "user-store-"));
  try {
    const path = join(dir, "users.db");
    using writer = new SqliteUserStore(path);
    using reader = new SqliteUserStore(path);
    await writer.put(john);
    assert.deepEqual(await reader.get(1), john);
    reader.close();
    using reopened = new SqliteUserStore(path);
    assert.deepEqual(await reopened.get(1), john, "data survives a reopen");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SqliteUserStore rejects after close instead of answering", async () => {
  const store = new SqliteUserStore(":memory:");
  store.close();
  await assert.rejects(store.get(1));
  store.close(); // closing twice is harmless
});

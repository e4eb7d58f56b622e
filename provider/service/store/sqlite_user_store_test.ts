import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { Conformance } from "../../verification/descriptions/conformance.ts";
import { EXAMPLE_USERS } from "../example_users.ts";
import { StoreBusyError } from "./sqlite.ts";
import { SqliteUserStore } from "./sqlite_user_store.ts";
import { StoreUnavailableError } from "./user_store.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

test("SqliteUserStore puts, replaces, gets and deletes users, answering them as stored", async () => {
  using store = new SqliteUserStore(":memory:");
  assert.equal(await store.get(1), undefined);
  assert.deepEqual(await store.put(john), john);
  assert.deepEqual(await store.get(1), john);
  assert.deepEqual(await store.put({ ...john, name: "Johnny" }), { ...john, name: "Johnny" });
  assert.equal((await store.get(1))?.name, "Johnny");
  assert.equal(await store.delete(1), true);
  assert.equal(await store.delete(1), false);
});

test("SqliteUserStore announces each change in the outbox, in order, with its metadata", async () => {
  using store = new SqliteUserStore(":memory:");
  assert.equal(await store.lastEventSeq(), 0);
  await store.put(john);
  const ada = await store.create({ name: "Ada", email: "ada@example.com" });
  await store.delete(1);
  await store.delete(1); // nothing to delete: nothing announced
  const events = await store.eventsAfter();
  assert.deepEqual(events.map((e) => e.seq), [1, 2, 3]);
  assert.deepEqual(events.map(({ contents: { id: _, ...rest } }) => rest), [
    { event: "user.updated", version: 1, user: john },
    { event: "user.updated", version: 1, user: ada },
    { event: "user.deleted", version: 2, userId: 1 },
  ]);
  assert.equal(new Set(events.map((e) => e.contents.id)).size, 3, "each event has its own id");
  assert.deepEqual(events[2].metadata, {
    subject: "users.deleted",
    contentType: "application/json",
  });
  assert.equal(await store.lastEventSeq(), 3);
  const conformance = new Conformance();
  assert.deepEqual(events.flatMap((e) => conformance.eventProblems(e)), [], "as AsyncAPI says");
  assert.deepEqual((await store.eventsAfter(1)).map((e) => e.seq), [2, 3]);
  assert.deepEqual((await store.eventsAfter(0, 1)).map((e) => e.seq), [1], "limit");
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

test("SqliteUserStore writes its initial users into a new database only", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "users.db");
    {
      using store = new SqliteUserStore(path, { initialUsers: EXAMPLE_USERS });
      assert.deepEqual(await store.get(1), EXAMPLE_USERS[0]);
      assert.equal(await store.lastEventSeq(), 2, "the initial users are announced");
      await store.delete(1);
    }
    using reopened = new SqliteUserStore(path, { initialUsers: EXAMPLE_USERS });
    assert.equal(await reopened.get(1), undefined, "a deleted user stays deleted");
    assert.equal(await reopened.lastEventSeq(), 3);
  });
});

test("SqliteUserStore: a change whose event fails is not stored either", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "users.db");
    using store = new SqliteUserStore(path);
    await store.put(john);
    const other = new DatabaseSync(path);
    other.exec(`CREATE TRIGGER fail BEFORE INSERT ON outbox
                BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`);
    other.close();
    const storeFailure = (error: unknown) =>
      error instanceof StoreUnavailableError && /injected write failure/.test(String(error));
    await assert.rejects(store.put({ ...john, name: "Lost" }), storeFailure);
    await assert.rejects(store.delete(1), storeFailure);
    await assert.rejects(store.create({ name: "Ada", email: "ada@example.com" }), storeFailure);
    assert.deepEqual(await store.get(1), john);
    assert.equal(await store.lastEventSeq(), 1);
  });
});

test("SqliteUserStore waits for another connection's lock without blocking, then gives up", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "users.db");
    using store = new SqliteUserStore(path, { lockWaitMs: 300 });
    await store.put(john);
    const holder = new DatabaseSync(path);
    try {
      holder.exec("BEGIN IMMEDIATE");
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = performance.now();
      await assert.rejects(store.put({ ...john, name: "Late" }), StoreBusyError);
      clearInterval(ticker);
      assert.ok(performance.now() - started >= 290, "it waited for the lock");
      assert.ok(ticks >= 10, `the event loop ran meanwhile (${ticks} ticks)`);
      assert.deepEqual(await store.get(1), john, "reads answer while the lock is held");
      const waiting = store.put({ ...john, name: "Patient" });
      holder.exec("COMMIT");
      assert.equal((await waiting).name, "Patient", "a write that gets the lock in time succeeds");
    } finally {
      if (holder.isTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
  });
});

test("SqliteUserStore shares one database file between two connections", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "users.db");
    using writer = new SqliteUserStore(path);
    using reader = new SqliteUserStore(path);
    await writer.put(john);
    assert.deepEqual(await reader.get(1), john);
    assert.deepEqual((await reader.eventsAfter()).map((e) => e.seq), [1]);
  });
});

test("SqliteUserStore rejects after close instead of answering", async () => {
  const store = new SqliteUserStore(":memory:");
  store.close();
  await assert.rejects(store.get(1), StoreUnavailableError);
  await assert.rejects(store.put(john), StoreUnavailableError);
  store.close(); // closing twice is harmless
});

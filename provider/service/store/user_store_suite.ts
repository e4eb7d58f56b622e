/**
 * What every {@linkcode UserStore} (with its {@linkcode Outbox}) must do,
 * whatever the engine: the same tests for SQLite (`sqlite_user_store_test.ts`)
 * and PostgreSQL (`postgres_user_store_servers_test.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { Conformance } from "../api/conformance.ts";
import { EXAMPLE_USERS } from "../example_users.ts";
import {
  type Outbox,
  StoreBusyError,
  StoreUnavailableError,
  type User,
  type UserStore,
} from "./user_store.ts";

/** A store as the suite uses it. */
export type TestStore = UserStore & Outbox & AsyncDisposable;

/** Options a test opens a store with. */
export interface OpenOptions {
  initialUsers?: readonly User[];
  lockWaitMs?: number;
}

/** A database of one test, and what the suite needs to do to it from outside the store. */
export interface TestDatabase extends AsyncDisposable {
  /** Opens a store over this database (again: a second instance, or a restart). */
  open(options?: OpenOptions): Promise<TestStore>;
  /** From here on, every write of an event fails inside the database (a trigger). */
  failEventWrites(): Promise<void>;
  /** Another connection takes the lock writers wait for; resolves to its release. */
  holdWriteLock(): Promise<() => Promise<void>>;
}

/** An engine under test: a new, empty database for each test. */
export interface StoreEngine {
  name: string;
  newDatabase(): Promise<TestDatabase>;
}

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };
const conformance = new Conformance();

/** Registers the suite for `engine`; `skip` says why it cannot run here. */
export function userStoreSuite(engine: StoreEngine, skip: string | false = false): void {
  const it = (name: string, body: (db: TestDatabase) => Promise<void>) =>
    test(`${engine.name} ${name}`, { skip }, async () => {
      await using db = await engine.newDatabase();
      await body(db);
    });

  it("puts, replaces, gets and deletes users, answering them as stored", async (db) => {
    await using store = await db.open();
    assert.equal(await store.get(1), undefined);
    assert.deepEqual(await store.put(john), john);
    assert.deepEqual(await store.get(1), john);
    assert.deepEqual(await store.put({ ...john, name: "Johnny" }), { ...john, name: "Johnny" });
    assert.equal((await store.get(1))?.name, "Johnny");
    assert.equal(await store.countUsers(), 1);
    assert.equal(await store.delete(1), true);
    assert.equal(await store.delete(1), false);
    assert.equal(await store.countUsers(), 0);
  });

  it("announces each change in order, with the user's version, as AsyncAPI says", async (db) => {
    await using store = await db.open();
    assert.equal(await store.lastEventSeq(), 0);
    await store.put(john);
    const ada = await store.create({ name: "Ada", email: "ada@example.com" });
    await store.delete(1);
    await store.delete(1); // nothing to delete: nothing announced
    await store.put({ ...john, name: "John again" }); // the same id, after a delete
    const events = await store.eventsAfter();
    assert.deepEqual(events.map(({ contents: { id: _, ...rest } }) => rest), [
      { event: "user.updated", version: 1, user: john },
      { event: "user.updated", version: 1, user: ada },
      { event: "user.deleted", version: 2, userId: 1 },
      { event: "user.updated", version: 3, user: { ...john, name: "John again" } },
    ]);
    assert.equal(new Set(events.map((e) => e.contents.id)).size, 4, "each its own id");
    assert.deepEqual(events[2].metadata, {
      subject: "users.deleted",
      contentType: "application/json",
    });
    assert.deepEqual(events.flatMap((e) => conformance.eventProblems(e)), []);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "increasing");
    assert.equal(await store.lastEventSeq(), seqs[3]);
    assert.deepEqual((await store.eventsAfter(seqs[1])).map((e) => e.seq), seqs.slice(2));
    assert.deepEqual((await store.eventsAfter(0, 1)).map((e) => e.seq), [seqs[0]], "limit");
  });

  it("create() chooses a new id each time, never one a PUT took", async (db) => {
    await using store = await db.open();
    await store.put({ id: 41, name: "Taken", email: "taken@example.com" });
    const ada = await store.create({ name: "Ada", email: "ada@example.com" });
    const bob = await store.create({ name: "Bob", email: "bob@example.com" });
    assert.ok(ada.id > 41 && bob.id > ada.id, `${ada.id}, ${bob.id}`);
    assert.deepEqual(await store.get(ada.id), ada);
  });

  it("writes its initial users when it creates the database, and never again", async (db) => {
    {
      await using store = await db.open({ initialUsers: EXAMPLE_USERS });
      assert.deepEqual(await store.get(1), EXAMPLE_USERS[0]);
      assert.equal((await store.eventsAfter()).length, 2, "the initial users are announced");
      await store.delete(1);
    }
    await using reopened = await db.open({ initialUsers: EXAMPLE_USERS });
    assert.equal(await reopened.get(1), undefined, "a deleted user stays deleted");
    assert.equal((await reopened.eventsAfter()).length, 3);
  });

  it("a change whose event cannot be written is not stored either", async (db) => {
    await using store = await db.open();
    await store.put(john);
    const before = await store.lastEventSeq();
    await db.failEventWrites();
    const storeFailure = (error: unknown) =>
      error instanceof StoreUnavailableError && /injected write failure/.test(String(error));
    await assert.rejects(store.put({ ...john, name: "Lost" }), storeFailure);
    await assert.rejects(store.delete(1), storeFailure);
    await assert.rejects(store.create({ name: "Ada", email: "ada@example.com" }), storeFailure);
    assert.deepEqual(await store.get(1), john);
    assert.equal((await store.eventsAfter(before)).length, 0);
  });

  it("waits a bounded time for another connection's lock without blocking, then gives up", async (db) => {
    await using store = await db.open({ lockWaitMs: 300 });
    await store.put(john);
    const release = await db.holdWriteLock();
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = performance.now();
      await assert.rejects(store.put({ ...john, name: "Late" }), StoreBusyError);
      clearInterval(ticker);
      assert.ok(performance.now() - started >= 250, "it waited for the lock");
      assert.ok(ticks >= 10, `the event loop ran meanwhile (${ticks} ticks)`);
      assert.deepEqual(await store.get(1), john, "reads answer while the lock is held");
      const waiting = store.put({ ...john, name: "Patient" });
      await delay(50);
      await release();
      assert.equal((await waiting).name, "Patient", "a write that gets the lock in time succeeds");
    } finally {
      await release();
    }
  });

  it("shares one database between two stores (instances), users and events alike", async (db) => {
    await using writer = await db.open();
    await using reader = await db.open();
    await writer.put(john);
    assert.deepEqual(await reader.get(1), john);
    assert.equal((await reader.eventsAfter()).length, 1);
    await reader.put({ ...john, name: "From the other one" });
    assert.deepEqual((await writer.eventsAfter()).map((e) => e.contents.version), [1, 2]);
  });

  it("tracks which events are sent, and prunes only sent ones past a point", async (db) => {
    await using store = await db.open();
    await store.put(john);
    await store.put({ ...john, name: "Two" });
    await store.put({ ...john, name: "Three" });
    const [first, second, third] = await store.unsentEvents();
    assert.deepEqual((await store.unsentEvents(2)).map((e) => e.seq), [first.seq, second.seq]);
    await store.markSent([first.seq, second.seq], 1000);
    await store.markSent([first.seq], 9999); // marked already: the first mark stays
    assert.deepEqual((await store.unsentEvents()).map((e) => e.seq), [third.seq]);
    assert.equal(await store.pruneSent(1000), 0, "sent at 1000 is not before 1000");
    assert.equal(await store.pruneSent(1001), 2);
    assert.deepEqual((await store.eventsAfter()).map((e) => e.seq), [third.seq]);
    assert.equal(await store.lastEventSeq(), third.seq, "pruning does not lower the position");
    await store.put({ ...john, name: "Four" });
    assert.ok((await store.lastEventSeq()) > third.seq, "nor is a position given twice");
  });

  it("hears of its own commits through watch(), and stops hearing when unwatched", async (db) => {
    await using store = await db.open();
    let heard = 0;
    const unwatch = store.watch(() => heard++);
    await delay(100); // PostgreSQL: LISTEN in place
    await store.put(john);
    const deadline = performance.now() + 2000;
    while (heard === 0 && performance.now() < deadline) {
      await delay(10);
    }
    assert.ok(heard >= 1, "a commit is heard of");
    unwatch();
  });

  it("rejects after it is closed instead of answering", async (db) => {
    const store = await db.open();
    await store[Symbol.asyncDispose]();
    await assert.rejects(store.get(1), StoreUnavailableError);
    await assert.rejects(store.put(john), StoreUnavailableError);
    store.close(); // closing twice is harmless
  });
}

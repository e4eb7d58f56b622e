import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { eventually } from "../../../tooling/eventually.ts";
import { SqliteUserStore } from "../store/sqlite_user_store.ts";
import { OutboxDispatcher, type Publisher } from "./dispatcher.ts";
import type { StoredEvent } from "./user_events.ts";

const user = (id: number, name = `User ${id}`) => ({ id, name, email: `u${id}@example.com` });

/** A publisher that records what it was given, and fails while `down()` says so. */
function recorder(down: () => boolean = () => false) {
  const published: StoredEvent[] = [];
  const publisher: Publisher = {
    publish(event) {
      if (down()) return Promise.reject(new Error("broker down"));
      published.push(event);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { published, publisher };
}

test("dispatchOnce() publishes the unsent events in commit order, then marks them sent", async () => {
  using store = new SqliteUserStore(":memory:");
  for (let id = 1; id <= 3; id++) await store.put(user(id));
  await store.delete(2);
  const { published, publisher } = recorder();
  const dispatcher = new OutboxDispatcher({ outbox: store, publisher });
  assert.equal(await dispatcher.dispatchOnce(), 4);
  assert.deepEqual(published.map((e) => e.seq), [1, 2, 3, 4]);
  assert.deepEqual(await store.unsentEvents(), []);
  assert.equal(await dispatcher.dispatchOnce(), 0, "nothing twice");
});

test("a failed publish stops the batch there: nothing later overtakes it, and it is retried first", async () => {
  using store = new SqliteUserStore(":memory:");
  for (let id = 1; id <= 4; id++) await store.put(user(id));
  let calls = 0;
  const { published, publisher } = recorder(() => ++calls === 3);
  const dispatcher = new OutboxDispatcher({ outbox: store, publisher });
  await assert.rejects(dispatcher.dispatchOnce(), /broker down/);
  assert.deepEqual(published.map((e) => e.seq), [1, 2]);
  assert.deepEqual((await store.unsentEvents()).map((e) => e.seq), [3, 4], "1 and 2 marked");
  assert.equal(await dispatcher.dispatchOnce(), 2);
  assert.deepEqual(published.map((e) => e.seq), [1, 2, 3, 4]);
});

test("an event published but not marked (a crash between the two) is published again", async () => {
  using store = new SqliteUserStore(":memory:");
  await store.put(user(1));
  const { published, publisher } = recorder();
  const crashing = new OutboxDispatcher({
    outbox: store,
    publisher,
    afterPublish: () => Promise.reject(new Error("killed before the mark")),
  });
  await assert.rejects(crashing.dispatchOnce(), /killed/);
  assert.equal(await new OutboxDispatcher({ outbox: store, publisher }).dispatchOnce(), 1);
  assert.deepEqual(published.map((e) => e.contents.id), [
    published[0].contents.id,
    published[0].contents.id,
  ], "the same event, the same id: the broker drops the second");
});

test("the running dispatcher is woken by each change, and reports an outage once", async () => {
  using store = new SqliteUserStore(":memory:");
  let isDown = true;
  const errors: unknown[] = [];
  let recovered = 0;
  const { published, publisher } = recorder(() => isDown);
  const dispatcher = new OutboxDispatcher({
    outbox: store,
    publisher,
    pollIntervalMs: 10_000, // only a wake-up or a retry gets it going
    onError: (error) => errors.push(error),
    onRecover: () => recovered++,
  });
  const unwatch = store.watch(() => dispatcher.wake());
  dispatcher.start();
  try {
    await store.put(user(1));
    await delay(300); // several failed attempts
    assert.equal(errors.length, 1, "one report for the outage");
    isDown = false;
    await store.put(user(2));
    await eventually("both events published", () => published.length >= 2, { ms: 5000 });
    assert.deepEqual(published.map((e) => e.seq), [1, 2]);
    assert.equal(recovered, 1);
  } finally {
    unwatch();
    await dispatcher.stop();
  }
});

test("sent events older than the retention are pruned; unsent ones never are", async () => {
  using store = new SqliteUserStore(":memory:");
  await store.put(user(1));
  await store.put(user(2));
  const { publisher } = recorder();
  let now = 1_000_000;
  const dispatcher = new OutboxDispatcher({
    outbox: store,
    publisher,
    retentionMs: 1000,
    now: () => now,
    batchSize: 1,
  });
  await dispatcher.dispatchOnce(); // event 1 sent at 1 000 000
  now += 5000;
  assert.equal(await store.pruneSent(now - 1000), 1);
  assert.deepEqual((await store.eventsAfter(0)).map((e) => e.seq), [2], "the unsent one stays");
  assert.equal(await store.lastEventSeq(), 2, "positions go on after pruning");
});

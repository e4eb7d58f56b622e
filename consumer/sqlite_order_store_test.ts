import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { OrderStoreBusyError } from "./errors.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import { temporaryDir } from "../tooling/temp_dir.ts";

const order = {
  userId: 1,
  customer: { name: "John Doe", email: "john.doe@example.com" },
  items: [{ sku: "BOOK-1", quantity: 2 }],
};

/** A temporary folder for one test, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dirTemp = temporaryDir("order-store-test-");
  const dir = dirTemp.path;
  try {
    await body(dir);
  } finally {
    dirTemp.remove();
  }
}

const change = (version: number, name: string, eventId = `event-${version}`) => ({
  eventId,
  userId: 1,
  version,
  customer: { name, email: null },
});

test("SqliteOrderStore stores and reads orders", async () => {
  using store = new SqliteOrderStore(":memory:");
  const placed = await store.insert(order);
  assert.deepEqual(await store.get(placed.id), placed);
  assert.equal(await store.get(placed.id + 1), undefined);
});

test("applyCustomerChange() applies a newer version once and records it with its event", async () => {
  using store = new SqliteOrderStore(":memory:");
  const placed = await store.insert(order);
  assert.deepEqual(await store.applyCustomerChange(change(2, "J. Doe")), {
    applied: true,
    orders: 1,
  });
  assert.deepEqual((await store.get(placed.id))?.customer, { name: "J. Doe", email: null });
  assert.deepEqual(await store.appliedEvents(), [
    { eventId: "event-2", userId: 1, version: 2, orders: 1 },
  ]);
});

test("applyCustomerChange() ignores a duplicate, a redelivery or an older version", async () => {
  using store = new SqliteOrderStore(":memory:");
  const placed = await store.insert(order);
  await store.applyCustomerChange(change(3, "Third"));
  for (const late of [change(3, "Third"), change(3, "Other", "event-3b"), change(2, "Second")]) {
    assert.deepEqual(await store.applyCustomerChange(late), { applied: false, orders: 0 });
  }
  assert.equal((await store.get(placed.id))?.customer.name, "Third");
  assert.equal((await store.appliedEvents()).length, 1, "applied once");
});

test("applyCustomerChange() keeps what it knows across a reopen of the file", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "orders.db");
    {
      using store = new SqliteOrderStore(path);
      await store.insert(order);
      await store.applyCustomerChange(change(5, "Fifth"));
    }
    using reopened = new SqliteOrderStore(path);
    assert.deepEqual(await reopened.applyCustomerChange(change(4, "Fourth")), {
      applied: false,
      orders: 0,
    });
  });
});

test("SqliteOrderStore waits for another connection's lock without blocking, then gives up", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "orders.db");
    using store = new SqliteOrderStore(path, { lockWaitMs: 300 });
    const holder = new DatabaseSync(path);
    try {
      holder.exec("BEGIN IMMEDIATE");
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = performance.now();
      await assert.rejects(store.insert(order), OrderStoreBusyError);
      clearInterval(ticker);
      assert.ok(performance.now() - started >= 290, "it waited for the lock");
      assert.ok(ticks >= 10, `the event loop ran meanwhile (${ticks} ticks)`);
      const waiting = store.insert(order);
      holder.exec("COMMIT");
      assert.equal((await waiting).userId, 1, "a write that gets the lock in time succeeds");
    } finally {
      if (holder.isTransaction) holder.exec("ROLLBACK");
      holder.close();
    }
  });
});

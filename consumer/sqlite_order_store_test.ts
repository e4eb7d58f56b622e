import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { OrderStoreBusyError } from "./errors.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";

const order = {
  userId: 1,
  customer: { name: "John Doe", email: "john.doe@example.com" },
  items: [{ sku: "BOOK-1", quantity: 2 }],
};

/** A temporary folder for one test, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "order-store-test-"));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("SqliteOrderStore stores, reads and updates orders", async () => {
  using store = new SqliteOrderStore(":memory:");
  const placed = await store.insert(order);
  assert.deepEqual(await store.get(placed.id), placed);
  assert.equal(await store.updateCustomer(1, { name: "J. Doe", email: null }), 1);
  assert.deepEqual((await store.get(placed.id))?.customer, { name: "J. Doe", email: null });
  assert.equal(await store.get(placed.id + 1), undefined);
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

/**
 * OrderService's subscriber process (`consumer/main.ts`) SIGKILLed in the
 * middle of a batch, then started again, against a real NATS JetStream
 * (Debian's nats-server). The events are published as UserService's AsyncAPI
 * document says. Without nats-server the test fails, saying so.
 *
 * @module
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import process from "node:process";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { startNatsServer } from "../tooling/nats_server.ts";
import { scriptCommand } from "../tooling/runtime.ts";
import { withTempDir } from "../tooling/temp_dir.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import { USER_EVENTS } from "./user_event_subscriber.ts";

const USERS = [1, 2, 3, 4];
const VERSIONS = 50;

/** Starts `consumer/main.ts`; calls `onApplied` and `onIgnored` for each line that says so. */
function startSubscriber(
  env: Record<string, string>,
  onApplied: () => void,
  onIgnored: () => void = () => {},
): ChildProcess {
  const { command, args } = scriptCommand("consumer/main.ts");
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.startsWith("OrderService applied ")) onApplied();
    if (line.startsWith("OrderService ignored ")) onIgnored();
  });
  return child;
}

test("the subscriber SIGKILLed mid-batch: no event is lost, and none is applied twice", async () => {
  await withTempDir(async (dir) => {
    await using nats = await startNatsServer();
    const ordersDb = join(dir, "orders.db");
    {
      using store = new SqliteOrderStore(ordersDb);
      for (const userId of USERS) {
        await store.insert({
          userId,
          customer: { name: "first", email: null },
          items: [{ sku: "BOOK-1", quantity: 1 }],
        });
      }
    }
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: USER_EVENTS.stream, subjects: [USER_EVENTS.subjects] });
      const js = jetstream(nc);
      const h = headers();
      h.set("Content-Type", "application/json");
      for (let version = 1; version <= VERSIONS; version++) {
        for (const userId of USERS) {
          const id = `user-${userId}-v${version}`;
          const event = {
            id,
            event: "user.updated",
            version,
            user: { id: userId, name: `v${version}`, email: `u${userId}@example.com` },
          };
          await js.publish("users.updated", JSON.stringify(event), { msgID: id, headers: h });
        }
      }
    } finally {
      await nc.close();
    }
    const total = USERS.length * VERSIONS;
    // Redelivered one second after a missed acknowledgement, so that the trial sees it.
    const env = { NATS_URL: nats.url, ORDERS_DB: ordersDb, ACK_WAIT_MS: "1000" };

    let appliedBeforeKill = 0;
    const first = startSubscriber(env, () => {
      if (++appliedBeforeKill === 60) process.kill(first.pid!, "SIGKILL");
    });
    const [, signal] = await once(first, "exit");
    assert.equal(signal, "SIGKILL");
    assert.ok(appliedBeforeKill < total, "killed before the end");

    // The events the first one had taken but not acknowledged come back after the ack
    // wait; by then newer versions may be applied, and they change nothing, as they should.
    let ignored = 0;
    const second = startSubscriber(env, () => {}, () => ignored++);
    try {
      const deadline = performance.now() + 20_000;
      for (;;) {
        using store = new SqliteOrderStore(ordersDb);
        const names = await Promise.all(
          USERS.map(async (id) => (await store.get(id))?.customer.name),
        );
        if (names.every((name) => name === `v${VERSIONS}`) && ignored > 0) break;
        assert.ok(performance.now() < deadline, `orders show ${names.join(", ")}`);
        await delay(50);
      }
      await delay(2500); // every redelivery is in
    } finally {
      process.kill(second.pid!, "SIGTERM");
      await once(second, "exit");
    }
    assert.ok(ignored > 0, "the messages taken before the kill came again, and changed nothing");
    using store = new SqliteOrderStore(ordersDb);
    const applied = await store.appliedEvents();
    const ids = applied.map((e) => e.eventId);
    assert.equal(new Set(ids).size, ids.length, "no event applied twice");
    for (const userId of USERS) {
      const versions = applied.filter((e) => e.userId === userId).map((e) => e.version);
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
        "never an older one after a newer",
      );
      // Each event is a whole snapshot: the last version applied covers every one before it.
      assert.equal(Math.max(...versions), VERSIONS, `user ${userId}: no event lost`);
      assert.equal((await store.get(userId))?.customer.name, `v${VERSIONS}`);
    }
    assert.ok(appliedBeforeKill < total && applied.length <= total);
  });
});

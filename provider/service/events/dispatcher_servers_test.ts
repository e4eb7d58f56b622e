/**
 * The outbox dispatcher against a real NATS JetStream (Debian's nats-server,
 * started for each test on a port of its own). Without nats-server each test
 * fails, saying so.
 *
 * @module
 */
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually } from "../../../tooling/eventually.ts";
import { startNatsServer } from "../../../tooling/nats_server.ts";
import { SqliteUserStore } from "../store/sqlite_user_store.ts";
import { OutboxDispatcher } from "./dispatcher.ts";
import { jetStreamPublisher } from "./jetstream_publisher.ts";
import { USER_EVENTS_STREAM } from "./user_events.ts";

/** A message of the stream as a test reads it back. */
interface Stored {
  subject: string;
  msgId: string | undefined;
  contentType: string | undefined;
  body: { id: string; event: string; version: number };
}

/** Every message of the USERS stream, in stream order; none while there is no stream. */
async function readStream(url: string): Promise<Stored[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(USER_EVENTS_STREAM.name).catch(() => undefined);
    if (!info) return []; // not made yet: the dispatcher makes it with its first publish
    const { state } = info;
    const messages: Stored[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(USER_EVENTS_STREAM.name, { seq });
      if (!m) continue;
      messages.push({
        subject: m.subject,
        msgId: m.header.get("Nats-Msg-Id") || undefined,
        contentType: m.header.get("Content-Type") || undefined,
        body: m.json(),
      });
    }
    return messages;
  } finally {
    await nc.close();
  }
}

const user = (id: number, name: string) => ({ id, name, email: `u${id}@example.com` });

/** A running dispatcher over `store` to the broker at `url`; stop it when done. */
function relay(store: SqliteUserStore, url: string) {
  const dispatcher = new OutboxDispatcher({
    outbox: store,
    publisher: jetStreamPublisher(url, { timeoutMs: 1000 }),
    onError: () => {},
  });
  const unwatch = store.watch(() => dispatcher.wake());
  dispatcher.start();
  return {
    async [Symbol.asyncDispose]() {
      unwatch();
      await dispatcher.stop();
    },
  };
}

test("every committed event reaches JetStream once, in commit order, its id as Nats-Msg-Id", async () => {
  await using nats = await startNatsServer();
  using store = new SqliteUserStore(":memory:");
  await using _relay = relay(store, nats.url);
  for (let n = 1; n <= 10; n++) await store.put(user(n % 3 + 1, `change ${n}`));
  await store.delete(2);
  await eventually(
    "11 events in the stream",
    async () => (await readStream(nats.url)).length === 11,
  );
  const stored = await readStream(nats.url);
  const outbox = await store.eventsAfter(0);
  assert.deepEqual(stored.map((m) => m.body.id), outbox.map((e) => e.contents.id), "commit order");
  assert.deepEqual(stored.map((m) => m.msgId), outbox.map((e) => e.contents.id));
  assert.deepEqual(stored.map((m) => m.subject), outbox.map((e) => e.metadata.subject));
  assert.ok(stored.every((m) => m.contentType === "application/json"));
  assert.deepEqual(await store.unsentEvents(), [], "all marked sent after JetStream's ack");
});

test("the broker stopped for a while: writes still succeed, and when it returns every event arrives, in order", async () => {
  await using nats = await startNatsServer();
  using store = new SqliteUserStore(":memory:");
  await using _relay = relay(store, nats.url);
  await store.put(user(1, "before"));
  await eventually("the first event", async () => (await readStream(nats.url)).length === 1);
  await nats.stop();
  for (let n = 1; n <= 10; n++) await store.put(user(1, `while down ${n}`)); // no failure here
  assert.equal((await store.unsentEvents()).length, 10, "they wait in the outbox");
  await nats.restart();
  await eventually("all 11 events", async () => (await readStream(nats.url)).length === 11, {
    ms: 15_000,
  });
  const stored = await readStream(nats.url);
  assert.deepEqual(stored.map((m) => m.body.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  await eventually("all marked", async () => (await store.unsentEvents()).length === 0);
});

test("a second publish of the same event (a crash before the mark) is dropped by JetStream", async () => {
  await using nats = await startNatsServer();
  using store = new SqliteUserStore(":memory:");
  await store.put(user(1, "once"));
  const publisher = jetStreamPublisher(nats.url);
  try {
    const crashing = new OutboxDispatcher({
      outbox: store,
      publisher,
      afterPublish: () => Promise.reject(new Error("killed before the mark")),
    });
    await assert.rejects(crashing.dispatchOnce());
    assert.equal(await new OutboxDispatcher({ outbox: store, publisher }).dispatchOnce(), 1);
  } finally {
    await publisher.close();
  }
  assert.equal((await readStream(nats.url)).length, 1, "stored once");
});

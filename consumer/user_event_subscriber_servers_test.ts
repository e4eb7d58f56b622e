/**
 * OrderService's subscriber against a real NATS JetStream (Debian's
 * nats-server, one per test). The test publishes as UserService's AsyncAPI
 * document says it does: stream USERS, subjects users.updated and
 * users.deleted, JSON, the event id as Nats-Msg-Id. Without nats-server each
 * test fails, saying so.
 *
 * @module
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually } from "../tooling/eventually.ts";
import { startNatsServer } from "../tooling/nats_server.ts";
import { OrderService, type UserLookup } from "./order_service.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import { type HandledEvent, subscribeToUserEvents, USER_EVENTS } from "./user_event_subscriber.ts";

const noUserService: UserLookup = {
  getUser: () => Promise.reject(new Error("no UserService call expected")),
  getUsers: () => Promise.reject(new Error("no UserService call expected")),
};

/** A connection that publishes as UserService does, with the stream made. */
async function publisherTo(url: string) {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: USER_EVENTS.stream,
    subjects: [USER_EVENTS.subjects],
    duplicate_window: 120_000_000_000,
  });
  const js = jetstream(nc);
  return {
    nc,
    async publish(subject: string, body: unknown, msgID: string, contentType = "application/json") {
      const h = headers();
      h.set("Content-Type", contentType);
      return await js.publish(subject, JSON.stringify(body), { msgID, headers: h });
    },
  };
}

const updated = (id: string, version: number, name: string) => ({
  id,
  event: "user.updated",
  version,
  user: { id: 1, name, email: "john.doe@example.com" },
});

/** Polls until `handled` holds `n` events, within 10 s. */
async function handledCount(handled: HandledEvent[], n: number): Promise<void> {
  await eventually(() => `${n} events handled; ${handled.length} were`, () => handled.length >= n);
}

test("the subscriber applies each version once, whatever the broker delivers", async () => {
  await using nats = await startNatsServer();
  const publisher = await publisherTo(nats.url);
  using store = new SqliteOrderStore(":memory:");
  const order = await store.insert({
    userId: 1,
    customer: { name: "John Doe", email: "john.doe@example.com" },
    items: [{ sku: "BOOK-1", quantity: 1 }],
  });
  const handled: HandledEvent[] = [];
  const errors: unknown[] = [];
  const subscription = await subscribeToUserEvents({
    natsUrl: nats.url,
    orders: new OrderService(noUserService, store),
    onEvent: (event) => handled.push(event),
    onError: (error) => errors.push(error),
  });
  try {
    await publisher.publish("users.updated", updated("e2", 2, "Second"), "e2");
    const dropped = await publisher.publish("users.updated", updated("e2", 2, "Second"), "e2");
    assert.equal(dropped.duplicate, true, "JetStream drops the same Nats-Msg-Id");
    // Outside the broker's window a duplicate gets through: OrderService ignores the version.
    await publisher.publish("users.updated", updated("e2", 2, "Second"), "e2-again");
    await publisher.publish("users.updated", updated("e3", 3, "Third"), "e3");
    await publisher.publish("users.updated", updated("e1", 1, "First, late"), "e1"); // old, late
    await publisher.publish("users.updated", { not: "an event" }, "bad"); // refused
    await publisher.publish("users.deleted", {
      id: "e4",
      event: "user.deleted",
      version: 4,
      userId: 1,
    }, "e4");
    await handledCount(handled, 5);
    assert.deepEqual(handled.map((e) => e.outcome.applied), [true, false, true, false, true]);
    assert.equal(errors.length, 1, "the message that is not an event is refused");
    assert.deepEqual((await store.get(order.id))?.customer, { name: "Deleted user", email: null });
    assert.deepEqual((await store.appliedEvents()).map((e) => e.eventId), ["e2", "e3", "e4"]);
  } finally {
    await subscription.stop();
    await publisher.nc.close();
  }
});

test("a subscriber started again goes on from where it acknowledged (durable consumer)", async () => {
  await using nats = await startNatsServer();
  const publisher = await publisherTo(nats.url);
  using store = new SqliteOrderStore(":memory:");
  await store.insert({
    userId: 1,
    customer: { name: "John Doe", email: "john.doe@example.com" },
    items: [{ sku: "BOOK-1", quantity: 1 }],
  });
  const subscribe = (handled: HandledEvent[]) =>
    subscribeToUserEvents({
      natsUrl: nats.url,
      orders: new OrderService(noUserService, store),
      onEvent: (event) => handled.push(event),
    });
  try {
    const first: HandledEvent[] = [];
    const one = await subscribe(first);
    await publisher.publish("users.updated", updated("e2", 2, "Second"), "e2");
    await handledCount(first, 1);
    await one.stop();
    await publisher.publish("users.updated", updated("e3", 3, "Third"), "e3");
    const second: HandledEvent[] = [];
    const two = await subscribe(second);
    await handledCount(second, 1);
    await two.stop();
    assert.deepEqual(second.map((e) => e.contents.id), ["e3"], "only what it had not acknowledged");
  } finally {
    await publisher.nc.close();
  }
});

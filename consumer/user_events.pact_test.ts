/**
 * OrderService's Pact tests for the events UserService publishes on its
 * `users` subjects (NATS JetStream in production).
 *
 * There is no mock server for a message: Pact hands the message it expects
 * to OrderService's real handler, `handleUserEvent`, which must use it. The
 * messages go to the same pact as the HTTP interactions.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OrderService } from "./order_service.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import type { UserMessage } from "./user_events.ts";
import { userServicePact } from "./user_service_pact.ts";

const { integer, like, regex } = MatchersV3;

// Any id will do: UserService sends a UUID, OrderService records it.
const EVENT_ID = like("0d4a1b3e-5f6a-4c8d-9e0f-1a2b3c4d5e6f");
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A message as Pact hands it to the test. */
interface PactMessage {
  contents: { content: unknown };
  metadata?: Record<string, unknown>;
}

/** The message as a broker delivers it to OrderService: metadata and the decoded body. */
function delivered(message: PactMessage): UserMessage {
  return { metadata: message.metadata ?? {}, contents: message.contents.content };
}

/** OrderService with one order of user 1; no call to UserService is expected. */
async function orderServiceWithAnOrder() {
  const store = new SqliteOrderStore(":memory:");
  const noCalls = () => Promise.reject(new Error("no UserService call expected"));
  const orders = new OrderService({ getUser: noCalls, getUsers: noCalls }, store);
  const order = await store.insert({
    userId: 1,
    customer: { name: "John Doe", email: "john.doe@example.com" },
    items: [{ sku: "BOOK-1", quantity: 1 }],
  });
  return { orders, order, store, [Symbol.dispose]: () => store.close() };
}

describe("OrderService ← UserService events", () => {
  const pact = userServicePact();

  it("refreshes the customer on the user's orders on user.updated", async () => {
    await pact
      .addAsynchronousInteraction()
      .given("user with id 1 exists", { id: 1 })
      // The operation in UserService's AsyncAPI document, for the bi-directional check.
      .reference("AsyncAPI", "operationId", "userUpdated")
      .expectsToReceive("a user.updated event", (message) =>
        message
          .withJSONContent({
            id: EVENT_ID,
            event: "user.updated",
            version: integer(2),
            user: {
              id: integer(1),
              name: like("John Q. Doe"),
              email: regex(EMAIL, "john.q.doe@example.com"),
            },
          })
          .withMetadata({ subject: "users.updated", contentType: "application/json" }))
      .executeTest(async (message) => {
        using service = await orderServiceWithAnOrder();
        const event = delivered(message);
        assert.deepEqual(await service.orders.handleUserEvent(event), {
          applied: true,
          orders: 1,
        });
        assert.deepEqual((await service.orders.getOrder(service.order.id)).customer, {
          name: "John Q. Doe",
          email: "john.q.doe@example.com",
        });
        // Delivered again (a broker delivers at least once): the same version changes nothing.
        assert.equal((await service.orders.handleUserEvent(event)).applied, false);
        const { id, version } = event.contents as { id: string; version: number };
        assert.deepEqual(await service.store.appliedEvents(), [{
          eventId: id,
          userId: 1,
          version,
          orders: 1,
        }]);
      });
  });

  it("anonymises the customer on the user's orders on user.deleted", async () => {
    await pact
      .addAsynchronousInteraction()
      .given("user with id 1 exists", { id: 1 })
      .reference("AsyncAPI", "operationId", "userDeleted")
      .expectsToReceive("a user.deleted event", (message) =>
        message
          .withJSONContent({
            id: EVENT_ID,
            event: "user.deleted",
            version: integer(3),
            userId: integer(1),
          })
          .withMetadata({ subject: "users.deleted", contentType: "application/json" }))
      .executeTest(async (message) => {
        using service = await orderServiceWithAnOrder();
        const event = delivered(message);
        assert.deepEqual(await service.orders.handleUserEvent(event), {
          applied: true,
          orders: 1,
        });
        assert.equal((await service.orders.handleUserEvent(event)).applied, false);
        assert.deepEqual((await service.orders.getOrder(service.order.id)).customer, {
          name: "Deleted user",
          email: null,
        });
      });
  });
});

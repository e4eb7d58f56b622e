/**
 * The events OrderService consumes from UserService's `users` topic, as
 * asynchronous message cases in the same pact as the HTTP ones. Each hands
 * the message to the real {@linkcode OrderService.handleUserEvent}.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { OrderService } from "../../../consumer/order_service.ts";
import { SqliteOrderStore } from "../../../consumer/sqlite_order_store.ts";
import type { UserMessage } from "../../../consumer/user_events.ts";
import type { ContractCase } from "./session.ts";
import { EMAIL } from "./pact.ts";

const { integer, like, regex } = MatchersV3;

const JSON_TYPE = "application/json";

/** An event's id: any string (UserService sends UUIDs); OrderService records it. */
const EVENT_ID = like("0d4a1b3e-5f6a-4c8d-9e0f-1a2b3c4d5e6f");

/** What pact-js hands a message case (its `AsynchronousMessage`, not exported by name). */
interface PactMessage {
  contents: { content: unknown };
  metadata?: Record<string, unknown>;
}

/** The message pact-js hands over, as the broker would: metadata and the decoded body. */
function fromPact(message: PactMessage): UserMessage {
  return { metadata: message.metadata ?? {}, contents: message.contents.content };
}

/** OrderService with one order of user 1; no UserService calls are expected. */
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

/** The messages OrderService consumes. */
export const MESSAGE_CASES: readonly ContractCase[] = [
  {
    name: "user.updated refreshes the customer on the user's orders",
    run: (pact) =>
      pact
        .addAsynchronousInteraction()
        .given("user with id 1 exists", { id: 1 })
        // For the bi-directional check: the operation of UserService's AsyncAPI document.
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
            .withMetadata({ subject: "users.updated", contentType: JSON_TYPE }))
        .executeTest(async (message) => {
          using service = await orderServiceWithAnOrder();
          const delivered = fromPact(message);
          assert.deepEqual(await service.orders.handleUserEvent(delivered), {
            applied: true,
            orders: 1,
          });
          assert.deepEqual((await service.orders.getOrder(service.order.id)).customer, {
            name: "John Q. Doe",
            email: "john.q.doe@example.com",
          });
          // Delivered again (a broker delivers at least once): the same version changes nothing.
          assert.equal((await service.orders.handleUserEvent(delivered)).applied, false);
          assert.deepEqual(await service.store.appliedEvents(), [{
            eventId: delivered.contents && (delivered.contents as { id: string }).id,
            userId: 1,
            version: (delivered.contents as { version: number }).version,
            orders: 1,
          }]);
        }),
  },
  {
    name: "user.deleted anonymises the customer on the user's orders",
    run: (pact) =>
      pact
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
            .withMetadata({ subject: "users.deleted", contentType: JSON_TYPE }))
        .executeTest(async (message) => {
          using service = await orderServiceWithAnOrder();
          const delivered = fromPact(message);
          assert.deepEqual(await service.orders.handleUserEvent(delivered), {
            applied: true,
            orders: 1,
          });
          assert.equal((await service.orders.handleUserEvent(delivered)).applied, false);
          assert.deepEqual((await service.orders.getOrder(service.order.id)).customer, {
            name: "Deleted user",
            email: null,
          });
        }),
  },
];

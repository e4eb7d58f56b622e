/**
 * OrderService's event subscriber as a process: applies UserService's events
 * from NATS JetStream (`NATS_URL`) to the orders in `ORDERS_DB` (default
 * `orders.db`), one line per event, until SIGINT or SIGTERM (`ACK_WAIT_MS`: how
 * long JetStream waits for an acknowledgement before it delivers again), after which it
 * finishes the event in hand. Runs on Deno and Node alike.
 *
 * @module
 */
import process from "node:process";
import { OrderService } from "./order_service.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import { UserClient } from "./user_client.ts";
import { type HandledEvent, subscribeToUserEvents, USER_EVENTS } from "./user_event_subscriber.ts";

function describe({ contents, outcome, deliveries }: HandledEvent): string {
  const userId = contents.user?.id ?? contents.userId;
  const what = `${contents.event} v${contents.version} of user ${userId} (event ${contents.id})`;
  const again = deliveries > 1 ? `, delivery ${deliveries}` : "";
  return outcome.applied
    ? `OrderService applied ${what}: ${outcome.orders} order(s) changed${again}`
    : `OrderService ignored ${what}: that version is applied already${again}`;
}

async function main(): Promise<number> {
  const natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    console.error("OrderService cannot start: set NATS_URL, e.g. nats://127.0.0.1:4222");
    return 1;
  }
  const ordersDb = process.env.ORDERS_DB || "orders.db";
  using store = new SqliteOrderStore(ordersDb);
  const users = new UserClient(process.env.USER_SERVICE_URL || "http://127.0.0.1:8000", {
    token: process.env.USER_SERVICE_TOKEN,
  });
  const subscription = await subscribeToUserEvents({
    natsUrl,
    orders: new OrderService(users, store),
    ackWaitMs: Number(process.env.ACK_WAIT_MS) || undefined,
    onEvent: (event) => console.log(describe(event)),
    onError: (error, { subject, seq }) =>
      console.error(`OrderService could not apply message ${seq} on ${subject}: ${String(error)}`),
  });
  console.log(
    `OrderService subscribed to ${USER_EVENTS.subjects} on ${natsUrl} (orders in ${ordersDb})`,
  );
  const { promise: stopping, resolve: stop } = Promise.withResolvers<void>();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await stopping;
  await subscription.stop();
  console.log("OrderService stopped");
  return 0;
}

main().then((code) => process.exitCode = code, (error) => {
  console.error(`OrderService failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});

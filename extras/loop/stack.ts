/**
 * The production half, on one machine (`deno task stack`): PostgreSQL and
 * NATS JetStream from Debian's packages, two UserService instances on that
 * one database, each relaying its events, and both consumers' subscribers,
 * each a durable JetStream consumer of its own: OrderService applying the
 * events to its orders, NotificationService keeping its suppression list.
 * Prints every address, and an order per example user to watch; Ctrl-C (to
 * the whole process group, as a terminal sends it) stops everything and
 * removes its folders.
 *
 * @module
 */
import { join } from "node:path";
import process from "node:process";
import { OrderService } from "../../consumer/order_service.ts";
import { SqliteOrderStore } from "../../consumer/sqlite_order_store.ts";
import { UserClient } from "../../consumer/user_client.ts";
import { providerEntry } from "../../provider/entry.ts";
import { startNatsServer } from "../../tooling/nats_server.ts";
import { startPostgres } from "../../tooling/postgres_server.ts";
import { scriptCommand } from "../../tooling/runtime.ts";
import { type ProviderProcess, startProviderProcess } from "../../tooling/server_process.ts";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { type ReadyProcess, spawnReady } from "../../tooling/spawn_ready.ts";

/**
 * Starts a consumer's subscriber (`main.ts` of `folder`), its lines prefixed
 * with `[name]`; resolves once it says it is subscribed.
 */
async function startSubscriber(
  folder: string,
  name: string,
  env: Record<string, string>,
): Promise<ReadyProcess> {
  const { command, args } = scriptCommand(`${folder}/main.ts`);
  const subscriber = spawnReady(command, {
    args,
    env,
    ready: /^\w+ subscribed/,
    what: `the subscriber in ${folder}/`,
    onLine: (line) => console.log(`[${name}] ${line}`),
  });
  await subscriber.ready;
  return subscriber;
}

/** Runs the stack until SIGINT or SIGTERM; resolves to the exit code. */
export async function runStack(): Promise<number> {
  const { promise: stopping, resolve: stop } = Promise.withResolvers<void>();
  // Every time, not once: a terminal's Ctrl-C reaches this process twice (from the terminal, and
  // from deno task passing it on), and a second SIGINT with no listener left would end it
  // before it stopped what it started.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return await withTempDir(async (dir) => {
    await using postgres = await startPostgres();
    postgres.createDatabase("users");
    await using nats = await startNatsServer();
    const token = crypto.randomUUID();
    const env = {
      DATABASE_URL: postgres.url("users"),
      NATS_URL: nats.url,
      USER_SERVICE_TOKEN: token,
    };
    const { command, args } = providerEntry();
    const instance = (name: string) =>
      startProviderProcess(command, {
        args: [...args, "--seed"], // the example users go in once: only the first open makes the tables
        env: { PORT: "0", ...env },
        onLine: (line) => console.log(`[${name}] ${line}`),
      });
    await using a: ProviderProcess = await instance("user-service-a");
    await using b: ProviderProcess = await instance("user-service-b");

    const ordersDb = join(dir, "orders.db");
    {
      using orders = new SqliteOrderStore(ordersDb);
      const service = new OrderService(new UserClient(a.url, { token }), orders);
      for (const userId of [1, 2]) {
        const order = await service.placeOrder(userId, [{ sku: "BOOK-1", quantity: 1 }]);
        console.log(`[stack] order ${order.id} for user ${userId}: ${order.customer.name}`);
      }
    }
    const noticesDb = join(dir, "notices.db");
    const subscribers: ReadyProcess[] = [];
    try {
      // One at a time into the list: should the second fail to start, the first is stopped too.
      subscribers.push(
        await startSubscriber("consumer", "orders", {
          NATS_URL: nats.url,
          ORDERS_DB: ordersDb,
          USER_SERVICE_URL: a.url.origin,
          USER_SERVICE_TOKEN: token,
        }),
      );
      subscribers.push(
        await startSubscriber("notification_service", "notices", {
          NATS_URL: nats.url,
          NOTICES_DB: noticesDb,
          USER_SERVICE_URL: a.url.origin,
          USER_SERVICE_TOKEN: token,
        }),
      );
      console.log(`
PostgreSQL        ${postgres.url("users")}
NATS JetStream    ${nats.url}  (stream USERS, subjects users.>)
UserService A     ${a.url.origin}
UserService B     ${b.url.origin}
token             ${token}
OrderService      subscribed as order-service; orders in ${ordersDb}
NotificationService subscribed as notification-service; suppression list in ${noticesDb}

Change a user on B, and watch OrderService apply it:
  curl -X PUT ${b.url.origin}/users/1 -H "Authorization: Bearer ${token}" \\
    -H "Content-Type: application/json" -d '{"name": "John Q. Doe", "email": "jqd@example.com"}'
Delete one on A, and watch both consumers apply it:
  curl -X DELETE ${a.url.origin}/users/2 -H "Authorization: Bearer ${token}"

Ctrl-C stops everything.`);
      await stopping;
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
    }
    console.log("[stack] stopped");
    return 0;
  });
}

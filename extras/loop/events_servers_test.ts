/**
 * UserService's events reaching OrderService through a real NATS JetStream:
 * UserService and its dispatcher on one side, OrderService's subscriber on
 * the other, as in production. Needs nats-server (Debian's): without it each
 * test fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { OrderService } from "../../consumer/order_service.ts";
import { SqliteOrderStore } from "../../consumer/sqlite_order_store.ts";
import { UserClient } from "../../consumer/user_client.ts";
import { subscribeToUserEvents } from "../../consumer/user_event_subscriber.ts";
import { providerEntry } from "../../provider/entry.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { startNatsServer } from "../../tooling/nats_server.ts";
import { scriptCommand } from "../../tooling/runtime.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { eventually } from "../../tooling/eventually.ts";
import { withTempDir } from "../../tooling/temp_dir.ts";

const TOKEN = "events-token";

test("a PUT on UserService reaches OrderService's orders", async () => {
  await withTempDir(async (dir) => {
    await using nats = await startNatsServer();
    const { command, args } = providerEntry();
    await using provider = await startProviderProcess(command, {
      args: [...args, "--seed"],
      env: {
        PORT: "0",
        USERS_DB: join(dir, "users.db"),
        USER_SERVICE_TOKEN: TOKEN,
        NATS_URL: nats.url,
      },
      onLine: () => {},
    });
    using orders = new SqliteOrderStore(join(dir, "orders.db"));
    const service = new OrderService(new UserClient(provider.url, { token: TOKEN }), orders);
    const order = await service.placeOrder(1, [{ sku: "BOOK-1", quantity: 1 }]);
    await using _subscription = await subscribeToUserEvents({ natsUrl: nats.url, orders: service });
    const response = await fetch(new URL("/users/1", provider.url), {
      method: "PUT",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "John Q. Doe", email: "jqd@example.com" }),
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    await eventually(
      "the order shows the new name",
      async () => (await orders.get(order.id))?.customer.name === "John Q. Doe",
    );
    assert.deepEqual((await orders.get(order.id))?.customer, {
      name: "John Q. Doe",
      email: "jqd@example.com",
    });
  });
});

test("the dispatcher SIGKILLed between the publish and the mark: the event is sent again, and OrderService applies it once", async () => {
  await withTempDir(async (dir) => {
    await using nats = await startNatsServer();
    const usersDb = join(dir, "users.db");
    {
      using users = new SqliteUserStore(usersDb);
      for (let version = 1; version <= 6; version++) {
        await users.put({ id: 1, name: `v${version}`, email: "john.doe@example.com" });
      }
    }
    const runDispatcher = async (killAfter?: number) => {
      const { command, args } = scriptCommand("provider/faults/_dispatch_child.ts");
      const child = spawn(command, args, {
        env: {
          ...process.env,
          USERS_DB: usersDb,
          NATS_URL: nats.url,
          KILL_AFTER: String(killAfter ?? ""),
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let output = "";
      child.stdout!.on("data", (chunk) => output += chunk);
      const [code, signal] = await once(child, "exit");
      return { code, signal, published: output.match(/^published \S+$/gm) ?? [] };
    };
    const killed = await runDispatcher(3);
    assert.equal(killed.signal, "SIGKILL");
    assert.equal(killed.published.length, 3, "three acknowledged, none marked");
    {
      using users = new SqliteUserStore(usersDb);
      assert.equal((await users.unsentEvents()).length, 6, "nothing was marked sent");
    }
    const again = await runDispatcher();
    assert.equal(again.code, 0);
    assert.deepEqual(again.published.slice(0, 3), killed.published, "the same events again");

    using orders = new SqliteOrderStore(join(dir, "orders.db"));
    await orders.insert({
      userId: 1,
      customer: { name: "John Doe", email: "john.doe@example.com" },
      items: [{ sku: "BOOK-1", quantity: 1 }],
    });
    const noCalls = () => Promise.reject(new Error("no UserService call expected"));
    const service = new OrderService({ getUser: noCalls, getUsers: noCalls }, orders);
    let handled = 0;
    await using _subscription = await subscribeToUserEvents({
      natsUrl: nats.url,
      orders: service,
      onEvent: () => handled++,
    });
    await eventually("six events handled", () => Promise.resolve(handled >= 6));
    await delay(200); // any more would show up now
    assert.equal(handled, 6, "the broker dropped the second publishes");
    const applied = await orders.appliedEvents();
    assert.deepEqual(applied.map((e) => e.version), [1, 2, 3, 4, 5, 6], "each applied once");
  });
});

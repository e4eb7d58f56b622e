/**
 * The event path's figures for `docs/events.md`, in one run, with real
 * servers (Debian's postgresql, nats-server and wrk):
 *
 * 1. Latency from a `PUT` on UserService to its event applied in
 *    OrderService's store, p50 and p99, under a paced load of `RATE` PUTs per
 *    second (default 100) over 10 users for `SECONDS` (default 10): UserService
 *    on SQLite, and on PostgreSQL.
 * 2. Writes per second (`PUT /users/{id}`, wrk, 4 connections, 5 s) with
 *    UserService on SQLite and on PostgreSQL, relaying to NATS.
 * 3. `KILLS` trials (default 10): writes to four users while UserService
 *    (its dispatcher) and OrderService's subscriber are each SIGKILLed at a
 *    random moment and started again; then events written, applied,
 *    superseded (a newer version of the same user came first), lost (a user
 *    whose orders do not end at its stored state) and applied twice.
 *
 * Run with Node, with `deno` on PATH: `node bench/events.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { DatabaseSync } from "node:sqlite";
import { setTimeout as delay } from "node:timers/promises";
import { OrderService } from "../consumer/order_service.ts";
import { SqliteOrderStore } from "../consumer/sqlite_order_store.ts";
import { subscribeToUserEvents } from "../consumer/user_event_subscriber.ts";
import { providerEntry } from "../provider/entry.ts";
import { writeUntil } from "../provider/faults/workload.ts";
import { startNatsServer } from "../tooling/nats_server.ts";
import { startPostgres } from "../tooling/postgres_server.ts";
import { Progress } from "../tooling/progress.ts";
import { scriptCommand } from "../tooling/runtime.ts";
import { type ProviderProcess, startProviderProcess } from "../tooling/server_process.ts";
import { withTempDir } from "../tooling/temp_dir.ts";
import { wrk } from "./_wrk.ts";

const RATE = Number(process.env.RATE ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 10);
const KILLS = Number(process.env.KILLS ?? 10);
const TOKEN = "events-bench-token";
const USERS = 10;
const noCalls = () => Promise.reject(new Error("no UserService call expected"));

function startUserService(env: Record<string, string>, seed = true): Promise<ProviderProcess> {
  const { command, args } = providerEntry();
  return startProviderProcess(command, {
    args: seed ? [...args, "--seed"] : args,
    env: { PORT: "0", USER_SERVICE_TOKEN: TOKEN, ...env },
    onLine: () => {},
  });
}

function put(base: URL, id: number, name: string): Promise<number> {
  return fetch(new URL(`/users/${id}`, base), {
    method: "PUT",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, email: `user${id}@example.com` }),
  }).then(async (response) => {
    await response.body?.cancel();
    return response.status;
  });
}

const percentile = (values: number[], p: number) =>
  values.toSorted((a, b) =>
    a - b
  )[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** Part 1: PUT → applied, paced at RATE per second. */
async function latency(storeEnv: Record<string, string>, dir: string) {
  await using nats = await startNatsServer();
  await using provider = await startUserService({ ...storeEnv, NATS_URL: nats.url });
  using orders = new SqliteOrderStore(join(dir, `orders-${crypto.randomUUID()}.db`));
  for (let id = 1; id <= USERS; id++) {
    await orders.insert({
      userId: id,
      customer: { name: "-", email: null },
      items: [{ sku: "B", quantity: 1 }],
    });
  }
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await using _subscription = await subscribeToUserEvents({
    natsUrl: nats.url,
    orders: new OrderService({ getUser: noCalls, getUsers: noCalls }, orders),
    onEvent: ({ contents, outcome }) => {
      const name = (contents as { user?: { name: string } }).user?.name ?? "";
      const started = sentAt.get(name);
      if (started !== undefined && outcome.applied) latencies.push(performance.now() - started);
    },
  });
  const total = RATE * SECONDS;
  const begin = performance.now();
  const writes: Promise<number>[] = [];
  for (let n = 0; n < total; n++) {
    const due = begin + (n * 1000) / RATE;
    if (due > performance.now()) await delay(due - performance.now());
    const name = `bench ${n}`;
    sentAt.set(name, performance.now());
    writes.push(put(provider.url, (n % USERS) + 1, name));
  }
  const statuses = await Promise.all(writes);
  assert.ok(statuses.every((s) => s === 200), "every PUT answered 200");
  const deadline = performance.now() + 10_000;
  while (latencies.length < total && performance.now() < deadline) await delay(20);
  return {
    count: latencies.length,
    total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Part 2: PUTs per second with wrk. */
async function writesPerSecond(storeEnv: Record<string, string>, dir: string) {
  await using nats = await startNatsServer();
  await using provider = await startUserService({ ...storeEnv, NATS_URL: nats.url });
  const script = join(dir, `put-${crypto.randomUUID()}.lua`);
  writeFileSync(
    script,
    `local n = 0
request = function()
  n = n + 1
  local id = n % ${USERS} + 1
  return wrk.format("PUT", "/users/" .. id, {
    ["Authorization"] = "Bearer ${TOKEN}", ["Content-Type"] = "application/json"
  }, '{"name": "wrk ' .. n .. '", "email": "user' .. id .. '@example.com"}')
end
`,
  );
  return await wrk(new URL("/", provider.url), { seconds: 5, connections: 4, script });
}

function startSubscriberProcess(env: Record<string, string>): ChildProcess {
  const { command, args } = scriptCommand("consumer/main.ts");
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: "ignore" });
}

async function kill(child: { pid: number } | ChildProcess) {
  try {
    process.kill(child.pid!, "SIGKILL");
  } catch {
    // gone already
  }
  if ("once" in child) await once(child as ChildProcess, "exit").catch(() => {});
}

/** Part 3: one trial of kills; resolves to its counts. */
async function killTrial(dir: string) {
  await using nats = await startNatsServer();
  const usersDb = join(dir, `users-${crypto.randomUUID()}.db`);
  const ordersDb = join(dir, `orders-${crypto.randomUUID()}.db`);
  {
    using orders = new SqliteOrderStore(ordersDb);
    for (const id of [1, 2, 3, 4]) {
      await orders.insert({
        userId: id,
        customer: { name: "-", email: null },
        items: [{ sku: "B", quantity: 1 }],
      });
    }
  }
  const userEnv = { USERS_DB: usersDb, NATS_URL: nats.url };
  const subscriberEnv = { NATS_URL: nats.url, ORDERS_DB: ordersDb, ACK_WAIT_MS: "1000" };
  let provider = await startUserService(userEnv, false);
  let subscriber = startSubscriberProcess(subscriberEnv);
  const stop = new AbortController();
  const runWrites = async () => {
    // Until stopped; a killed provider ends a writer's loop, so it starts again on the new one.
    while (!stop.signal.aborted) {
      await writeUntil(provider.url, TOKEN, [1, 2, 3, 4], { label: "kill", signal: stop.signal });
      await delay(20);
    }
  };
  const writing = runWrites();
  await delay(200 + Math.random() * 600);
  await kill(provider);
  provider = await startUserService(userEnv, false);
  await delay(100 + Math.random() * 400);
  await kill(subscriber);
  subscriber = startSubscriberProcess(subscriberEnv);
  await delay(300);
  stop.abort();
  await writing;
  // Everything written must reach OrderService: the last stored version of every user.
  const db = new DatabaseSync(usersDb);
  const versions = new Map(
    db.prepare("SELECT id, version FROM user_versions").all().map((
      r,
    ) => [Number(r.id), Number(r.version)]),
  );
  const written = Number(db.prepare("SELECT count(*) AS n FROM outbox").get()!.n);
  db.close();
  const deadline = performance.now() + 20_000;
  let lost = 0, applied = 0, twice = 0;
  for (;;) {
    using orders = new SqliteOrderStore(ordersDb);
    const events = await orders.appliedEvents();
    lost = [...versions].filter(([id, version]) =>
      Math.max(
        0,
        ...events.filter((e) => e.userId === id).map((e) => e.version),
      ) < version
    ).length;
    applied = events.length;
    twice = events.length - new Set(events.map((e) => e.eventId)).size;
    if (lost === 0 || performance.now() > deadline) break;
    await delay(100);
  }
  await delay(1500); // late redeliveries, if any, are in before the count
  {
    using orders = new SqliteOrderStore(ordersDb);
    const events = await orders.appliedEvents();
    applied = events.length;
    twice = events.length - new Set(events.map((e) => e.eventId)).size;
  }
  await provider.stop();
  await kill(subscriber);
  return { written, applied, lost, twice };
}

await withTempDir(async (dir) => {
  const progress = new Progress("events bench", { total: 4 + KILLS });
  await using postgres = await startPostgres();
  postgres.createDatabase("latency");
  postgres.createDatabase("writes");
  const sqlite = (name: string) => ({ USERS_DB: join(dir, `${name}.db`) });
  progress.step("latency on SQLite");
  const latencySqlite = await latency(sqlite("latency"), dir);
  progress.step("latency on PostgreSQL");
  const latencyPostgres = await latency({ DATABASE_URL: postgres.url("latency") }, dir);
  progress.step("writes on SQLite");
  const writesSqlite = await writesPerSecond(sqlite("writes"), dir);
  progress.step("writes on PostgreSQL");
  const writesPostgres = await writesPerSecond({ DATABASE_URL: postgres.url("writes") }, dir);
  const trials: Awaited<ReturnType<typeof killTrial>>[] = [];
  for (let trial = 1; trial <= KILLS; trial++) {
    progress.step(`kill trial ${trial}`);
    trials.push(await killTrial(dir));
  }
  progress.done();

  console.log(
    `node ${process.version}; UserService relaying to NATS JetStream, OrderService's subscriber applying.\n`,
  );
  console.log(
    `Latency, PUT to applied in OrderService, ${RATE} PUTs/s over ${USERS} users for ${SECONDS} s:\n`,
  );
  console.log("| UserService on | events applied | p50 ms | p99 ms |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [name, r] of [["SQLite", latencySqlite], ["PostgreSQL", latencyPostgres]] as const) {
    console.log(
      `| ${name} | ${r.count} of ${r.total} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
    );
  }
  console.log(`\nWrites (PUT), wrk 4 connections, 5 s:\n`);
  console.log("| UserService on | writes/s | p50 ms | p99 ms | non-2xx |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [name, r] of [["SQLite", writesSqlite], ["PostgreSQL", writesPostgres]] as const) {
    console.log(
      `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.non2xx} |`,
    );
  }
  const sum = (key: "written" | "applied" | "lost" | "twice") =>
    trials.reduce((s, t) => s + t[key], 0);
  console.log(
    `\n${KILLS} trials, each SIGKILLing UserService (its dispatcher) and OrderService's subscriber once:\n`,
  );
  console.log(
    "| events written | applied | superseded by a newer version first | users lost | applied twice |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: |");
  console.log(
    `| ${sum("written")} | ${sum("applied")} | ${sum("written") - sum("applied")} | ${
      sum("lost")
    } | ${sum("twice")} |`,
  );
});

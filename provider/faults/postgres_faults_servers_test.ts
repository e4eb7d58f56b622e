/**
 * UserService on PostgreSQL as it runs in production: its own processes,
 * with real servers (Debian's PostgreSQL and nats-server, each started in a
 * temporary folder). Without them each trial fails, saying so.
 *
 * - PostgreSQL stopped and started under writes: 503s while it is down,
 *   nothing acknowledged lost after.
 * - Two instances writing the same users at once: every user's last event
 *   equals its stored state, and the stream holds every event once, in the
 *   outbox's order.
 *
 * @module
 */
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "postgres";
import { startNatsServer } from "../../tooling/nats_server.ts";
import { eventually } from "../../tooling/eventually.ts";
import { startPostgres } from "../../tooling/postgres_server.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { providerEntry } from "../entry.ts";
import { connectionOptions } from "../service/store/postgres_user_store.ts";
import { inconsistencies, readPostgresDatabase, storedState } from "./consistency.ts";
import { type Ledger, write, writeUntil } from "./workload.ts";

const TOKEN = "postgres-fault-token";

function startInstance(env: Record<string, string>) {
  const { command, args } = providerEntry();
  return startProviderProcess(command, {
    args,
    env: { PORT: "0", USER_SERVICE_TOKEN: TOKEN, LOCK_WAIT_MS: "1000", ...env },
    onLine: () => {},
  });
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? "deleted") === JSON.stringify(b ?? "deleted");

test("PostgreSQL restarted under writes: 503s while it is down, nothing acknowledged lost after", async () => {
  await using postgres = await startPostgres();
  postgres.createDatabase("users");
  await using provider = await startInstance({ DATABASE_URL: postgres.url("users") });
  const stop = new AbortController();
  const writing = writeUntil(provider.url, TOKEN, [1, 2, 3, 4], {
    label: "restart",
    signal: stop.signal,
  }); // rejects on any answer but 2xx, 404 for a gone user, or 503: a 500 fails the trial
  let ledgers: Map<number, Ledger>;
  try {
    await delay(400);
    await postgres.stop();
    await delay(2500);
    await postgres.start();
    // Back within a bound: the client must not wait out a growing backoff (it once took 10 s).
    const back = performance.now();
    while (
      await write(provider.url, TOKEN, 9, { name: "back", email: "back@example.com" }) !== 200
    ) {
      assert.ok(performance.now() - back < 3000, "writes succeed again within 3 s of the restart");
      await delay(20);
    }
    await delay(500);
  } finally {
    stop.abort();
    ledgers = await writing;
  }
  const refused = [...ledgers.values()].reduce((sum, l) => sum + l.refused, 0);
  const acknowledged = [...ledgers.values()].reduce((sum, l) => sum + l.acknowledged, 0);
  assert.ok(refused > 0, "writes while it was down were refused with 503");
  assert.ok(acknowledged > 0);
  const view = await readPostgresDatabase(postgres.url("users"));
  assert.deepEqual(inconsistencies(view), [], "every user as its last event says");
  for (const [id, ledger] of ledgers) {
    const stored = storedState(view, id);
    assert.ok(
      same(stored, ledger.acked) || same(stored, ledger.inFlight),
      `user ${id}: stored ${JSON.stringify(stored)}, acknowledged ${JSON.stringify(ledger.acked)}`,
    );
  }
});

test("two instances writing the same users at once: every user's last event is its stored state, and the stream has each event once, in order", async () => {
  await using postgres = await startPostgres();
  await using nats = await startNatsServer();
  postgres.createDatabase("users");
  const env = { DATABASE_URL: postgres.url("users"), NATS_URL: nats.url };
  await using one = await startInstance(env);
  await using two = await startInstance(env);
  const stop = new AbortController();
  const ids = [1, 2, 3];
  const writers = [
    writeUntil(one.url, TOKEN, ids, { label: "one", signal: stop.signal }),
    writeUntil(two.url, TOKEN, ids, { label: "two", signal: stop.signal }),
  ];
  await delay(1500);
  stop.abort();
  await Promise.all(writers);
  const view = await readPostgresDatabase(postgres.url("users"));
  assert.ok(view.events > 20, `${view.events} events`);
  assert.deepEqual(inconsistencies(view), []);

  // Both dispatchers ran: each event reaches the stream once, in the outbox's order.
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    let count = 0;
    await eventually(
      () => `${view.events} events in the stream; ${count} were`,
      async () => (count = (await jsm.streams.info("USERS")).state.messages) >= view.events,
    );
    assert.equal(count, view.events, "no duplicate");
    const ids: string[] = [];
    for (let seq = 1; seq <= count; seq++) {
      const message = await jsm.streams.getMessage("USERS", { seq });
      ids.push(message?.json<{ id: string }>().id ?? `missing ${seq}`);
    }
    const sql = pg({ ...connectionOptions(postgres.url("users")), max: 1, onnotice: () => {} });
    try {
      const outbox = await sql`SELECT contents->>'id' AS id FROM outbox ORDER BY seq`;
      assert.deepEqual(ids, outbox.map((row) => String(row.id)), "the outbox's order");
    } finally {
      await sql.end({ timeout: 1 });
    }
  } finally {
    await nc.close();
  }
});

/**
 * The store suite against PostgreSQL (Debian's, started once for this file in
 * a temporary folder, a database of its own for each test), and what only
 * PostgreSQL has: a server that goes away and comes back. Without PostgreSQL
 * each test fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { after, before, test } from "node:test";
import { type PostgresServer, startPostgres } from "../../../tooling/postgres_server.ts";
import { connectionOptions, PostgresUserStore, WRITE_LOCK } from "./postgres_user_store.ts";
import { type StoreEngine, userStoreSuite } from "./user_store_suite.ts";
import { StoreUnavailableError } from "./user_store.ts";

let server: PostgresServer | undefined;
let databases = 0;

before(async () => {
  server = await startPostgres();
});
after(async () => {
  await server?.[Symbol.asyncDispose]();
});

function running(): PostgresServer {
  if (!server) throw new Error("PostgreSQL did not start (see the first failure)");
  return server;
}

const pg: StoreEngine = {
  name: "PostgresUserStore",
  newDatabase() {
    const name = `store_${++databases}`;
    running().createDatabase(name);
    const url = running().url(name);
    const admin = postgres({ ...connectionOptions(url), max: 2, onnotice: () => {} });
    return Promise.resolve({
      open: (options) => PostgresUserStore.open(url, options),
      async failEventWrites() {
        await admin.unsafe(`
          CREATE FUNCTION fail_event() RETURNS trigger AS $$
          BEGIN RAISE EXCEPTION 'injected write failure' USING ERRCODE = '58030'; END
          $$ LANGUAGE plpgsql;
          CREATE TRIGGER fail BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_event()`);
      },
      async holdWriteLock() {
        const holder = await admin.reserve();
        await holder`BEGIN`;
        await holder`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
        let released = false;
        return async () => {
          if (released) return;
          released = true;
          await holder`ROLLBACK`;
          holder.release();
        };
      },
      async [Symbol.asyncDispose]() {
        await admin.end({ timeout: 1 });
      },
    });
  },
};

userStoreSuite(pg);

test("PostgresUserStore: a database that goes away answers StoreUnavailableError, then serves again", async () => {
  const { name, url } = (() => {
    const name = `restart_${++databases}`;
    running().createDatabase(name);
    return { name, url: running().url(name) };
  })();
  await using store = await PostgresUserStore.open(url, { lockWaitMs: 1000 });
  await store.put({ id: 1, name, email: "a@example.com" });
  await running().stop();
  try {
    await assert.rejects(store.get(1), StoreUnavailableError);
    await assert.rejects(
      store.put({ id: 1, name: "while down", email: "a@example.com" }),
      StoreUnavailableError,
    );
  } finally {
    await running().start();
  }
  assert.equal((await store.get(1))?.name, name, "what was acknowledged is there, nothing else");
  assert.equal((await store.put({ id: 1, name: "after", email: "a@example.com" })).name, "after");
});

test("connectionOptions() reads both URL forms, the Unix-socket one included", () => {
  assert.deepEqual(connectionOptions("postgres://app:s%40cret@db.example:6543/users"), {
    username: "app",
    password: "s@cret",
    host: "db.example",
    port: 6543,
    database: "users",
  });
  assert.deepEqual(connectionOptions("postgres://postgres@/users?host=/run/postgresql"), {
    username: "postgres",
    host: "/run/postgresql",
    database: "users",
  });
  assert.throws(() => connectionOptions("mysql://x"), TypeError);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, readConfig } from "./config.ts";

function env(values: Record<string, string>) {
  return (name: string): string | undefined => values[name];
}

test("readConfig() has offline defaults", () => {
  assert.deepEqual(readConfig(env({})), {
    hostname: "127.0.0.1",
    port: 8000,
    usersDb: "users.db",
    token: undefined,
    limits: { idleTimeoutMs: 5000, requestTimeoutMs: 10_000 },
    lockWaitMs: 2000,
    outboxRetentionMs: 3_600_000,
  });
});

test("readConfig() reads HOST, PORT, USERS_DB and USER_SERVICE_TOKEN", () => {
  const values = { HOST: "0.0.0.0", PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "s3cr3t" };
  assert.deepEqual(readConfig(env(values)), {
    hostname: "0.0.0.0",
    port: 0,
    usersDb: ":memory:",
    token: "s3cr3t",
    limits: { idleTimeoutMs: 5000, requestTimeoutMs: 10_000 },
    lockWaitMs: 2000,
    outboxRetentionMs: 3_600_000,
  });
});

test("readConfig() reads NATS_URL, OUTBOX_RETENTION_MS and UNIX_SOCKET, and refuses bad ones", () => {
  const config = readConfig(env({
    NATS_URL: "nats://127.0.0.1:4222",
    OUTBOX_RETENTION_MS: "60000",
    UNIX_SOCKET: "/run/user-service/http.sock",
  }));
  assert.equal(config.natsUrl, "nats://127.0.0.1:4222");
  assert.equal(config.outboxRetentionMs, 60_000);
  assert.equal(config.path, "/run/user-service/http.sock");
  const bads: Record<string, string>[] = [
    { NATS_URL: "http://x" },
    { NATS_URL: "127.0.0.1:4222" },
    { UNIX_SOCKET: "x.sock" },
  ];
  for (const bad of bads) {
    assert.throws(() => readConfig(env(bad)), ConfigError, JSON.stringify(bad));
  }
});

test("readConfig() reads LOCK_WAIT_MS", () => {
  assert.equal(readConfig(env({ LOCK_WAIT_MS: "500" })).lockWaitMs, 500);
});

test("readConfig() reads IDLE_TIMEOUT_MS, REQUEST_TIMEOUT_MS and MAX_CONNECTIONS", () => {
  const values = { IDLE_TIMEOUT_MS: "300", REQUEST_TIMEOUT_MS: "1000", MAX_CONNECTIONS: "50" };
  assert.deepEqual(readConfig(env(values)).limits, {
    idleTimeoutMs: 300,
    requestTimeoutMs: 1000,
    maxConnections: 50,
  });
});

for (const [name, value] of [["IDLE_TIMEOUT_MS", "0"], ["MAX_CONNECTIONS", "-5"]]) {
  test(`readConfig() refuses ${name}="${value}" in one sentence`, () => {
    assert.throws(
      () => readConfig(env({ [name]: value })),
      new ConfigError(`${name} must be a positive integer, got "${value}"`),
    );
  });
}

test("readConfig() refuses a USER_SERVICE_TOKEN that cannot be sent as a bearer token", () => {
  assert.throws(() => readConfig(env({ USER_SERVICE_TOKEN: "has space" })), ConfigError);
});

for (const port of ["-1", "65536", "http", "80.5", ""]) {
  test(`readConfig() refuses PORT="${port}" in one sentence`, () => {
    assert.throws(() => readConfig(env({ PORT: port })), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `PORT must be an integer from 0 to 65535, got "${port}"`);
      return true;
    });
  });
}

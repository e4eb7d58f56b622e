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
  });
});

test("readConfig() reads HOST, PORT, USERS_DB and USER_SERVICE_TOKEN", () => {
  const values = { HOST: "0.0.0.0", PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "s3cr3t" };
  assert.deepEqual(readConfig(env(values)), {
    hostname: "0.0.0.0",
    port: 0,
    usersDb: ":memory:",
    token: "s3cr3t",
  });
});

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

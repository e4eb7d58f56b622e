import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { test } from "node:test";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { createStatesApp, startStatesServer, STATES_SECRET_HEADER } from "./states_server.ts";

const SECRET = "states-test-secret";
const HOST = "127.0.0.1:4321";

function app(store: SqliteUserStore) {
  return createStatesApp(store, { secret: SECRET, isOwnHost: (host) => host === HOST });
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://${HOST}/`, {
    method: "POST",
    headers: {
      Host: HOST,
      "Content-Type": "application/json",
      [STATES_SECRET_HEADER]: SECRET,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

test("a state change sets up and tears down a user in the store", async () => {
  using store = new SqliteUserStore(":memory:");
  const state = "user with id 1 exists";
  const setup = await app(store)(post({ state, params: { id: 1 }, action: "setup" }));
  assert.equal(setup.status, 200);
  assert.equal((await store.get(1))?.name, "John Doe");
  await (await app(store)(post({ state, params: { id: 1 }, action: "teardown" }))).body?.cancel();
  assert.equal(await store.get(1), undefined);
});

test("a setup answers the values it generates, for fromProviderState", async () => {
  using store = new SqliteUserStore(":memory:");
  const response = await app(store)(post({ state: "a user exists", action: "setup" }));
  const { id } = await response.json();
  assert.equal(typeof id, "number");
  assert.equal((await store.get(id))?.name, "Ada Lovelace");
});

for (
  const [what, body, message] of [
    ["an unknown state", { state: "nope", action: "setup" }, /Unknown provider state "nope"/],
    ["a bad action", { state: "user with id 1 exists", action: "x" }, /Action must be/],
    ["a bad id", { state: "user with id 1 exists", params: { id: "1" } }, /positive integer/],
    ["a body that is not JSON", "{", /Body must be JSON/],
  ] as const
) {
  test(`a state change with ${what} answers 400 JSON`, async () => {
    using store = new SqliteUserStore(":memory:");
    const response = await app(store)(post(body));
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, message);
  });
}

const DELETE_USER_1 = { state: "user with id 99 does not exist", params: { id: 1 } };

for (
  const [what, headers, status] of [
    ["no secret", { [STATES_SECRET_HEADER]: "" }, 401],
    ["a wrong secret", { [STATES_SECRET_HEADER]: "guess" }, 401],
    ["a foreign Host (DNS rebinding)", { Host: "evil.example:4321" }, 403],
    ["a browser's cross-origin text/plain", { "Content-Type": "text/plain" }, 415],
    ["a form post", { "Content-Type": "application/x-www-form-urlencoded" }, 415],
  ] as const
) {
  test(`a state change with ${what} answers ${status} and changes nothing`, async () => {
    using store = new SqliteUserStore(":memory:");
    await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
    const response = await app(store)(post(DELETE_USER_1, headers));
    assert.equal(response.status, status);
    assert.equal(typeof (await response.json()).error, "string");
    assert.equal((await store.get(1))?.name, "John Doe");
  });
}

test("the states server listens on loopback and refuses a foreign Host on the wire", async () => {
  await using server = await startStatesServer(":memory:", { secret: SECRET });
  assert.equal(server.url.hostname, "127.0.0.1");
  const ok = await fetch(server.url, {
    method: "POST",
    headers: { "Content-Type": "application/json", [STATES_SECRET_HEADER]: SECRET },
    body: JSON.stringify({ state: "user with id 1 exists", params: { id: 1 } }),
  });
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const req = httpRequest(server.url, {
      method: "POST",
      headers: {
        Host: `rebound.example:${server.url.port}`,
        "Content-Type": "application/json",
        [STATES_SECRET_HEADER]: SECRET,
      },
    }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end(JSON.stringify(DELETE_USER_1));
  });
  assert.equal(status, 403);
  assert.equal((await server.store.get(1))?.name, "John Doe", "user 1 is still there");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { SqliteUserStore } from "../provider/sqlite_user_store.ts";
import { createStatesApp } from "./states_server.ts";

function post(body: unknown) {
  return new Request("http://localhost/", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

test("a state change sets up and tears down a user in the store", async () => {
  using store = new SqliteUserStore(":memory:");
  const app = createStatesApp(store);
  const state = "user with id 1 exists";
  const setup = await app(post({ state, params: { id: 1 }, action: "setup" }));
  assert.equal(setup.status, 200);
  assert.equal((await store.get(1))?.name, "John Doe");
  await (await app(post({ state, params: { id: 1 }, action: "teardown" }))).body?.cancel();
  assert.equal(await store.get(1), undefined);
});

test("a setup answers the values it generates, for fromProviderState", async () => {
  using store = new SqliteUserStore(":memory:");
  const response = await createStatesApp(store)(post({ state: "a user exists", action: "setup" }));
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
    const response = await createStatesApp(store)(post(body));
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, message);
  });
}

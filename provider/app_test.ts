import assert from "node:assert/strict";
import { test } from "node:test";
import { createApp } from "./app.ts";
import { seedExampleUsers } from "./example_users.ts";
import { SqliteUserStore } from "./sqlite_user_store.ts";
import type { UserStore } from "./user_store.ts";

async function exampleApp() {
  const store = new SqliteUserStore(":memory:");
  await seedExampleUsers(store);
  return { app: createApp({ store }), store };
}

async function call(path: string, init?: RequestInit) {
  const { app, store } = await exampleApp();
  try {
    const response = await app(new Request(new URL(path, "http://localhost"), init));
    const body = init?.method === "HEAD" ? null : await response.json();
    return { status: response.status, headers: response.headers, body };
  } finally {
    store.close();
  }
}

test("GET /users/1 answers John Doe as JSON", async () => {
  const { status, headers, body } = await call("/users/1");
  assert.equal(status, 200);
  assert.match(headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(body, { id: 1, name: "John Doe", email: "john.doe@example.com" });
});

test("GET /users/2 answers Jane Smith", async () => {
  assert.deepEqual((await call("/users/2")).body, {
    id: 2,
    name: "Jane Smith",
    email: "jane.smith@example.com",
  });
});

test("GET /users/99 answers 404 User not found", async () => {
  const { status, body } = await call("/users/99");
  assert.equal(status, 404);
  assert.deepEqual(body, { error: "User not found" });
});

test("GET /health answers ok", async () => {
  const { status, body } = await call("/health");
  assert.equal(status, 200);
  assert.deepEqual(body, { status: "ok" });
});

for (const id of ["0", "-1", "1.5", "abc", "1e3", "01", "99999999999999999", "%31", "", " 1"]) {
  test(`GET /users/${id} answers 400 JSON`, async () => {
    const { status, body } = await call(`/users/${id}`);
    assert.equal(status, 400);
    assert.deepEqual(body, { error: "User id must be a positive integer" });
  });
}

for (const path of ["/", "/users", "/users/1/orders", "/_pact/provider_states", "/user/1"]) {
  test(`GET ${path} answers 404 JSON`, async () => {
    const { status, body } = await call(path);
    assert.equal(status, 404);
    assert.deepEqual(body, { error: "Not found" });
  });
}

for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
  test(`${method} /users/1 answers 405 JSON with Allow`, async () => {
    const { status, headers, body } = await call("/users/1", { method, body: "{}" });
    assert.equal(status, 405);
    assert.equal(headers.get("allow"), "GET, HEAD");
    assert.deepEqual(body, { error: "Method not allowed" });
  });
}

test("a failing store answers 503 JSON and reports the failure", async () => {
  const failure = new Error("disk on fire");
  const reported: unknown[] = [];
  const broken = { get: () => Promise.reject(failure) } as unknown as UserStore;
  const app = createApp({ store: broken, onError: (error) => reported.push(error) });
  const response = await app(new Request("http://localhost/users/1"));
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { error: "User store unavailable" });
  assert.deepEqual(reported, [failure]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { Conformance, describedHandler } from "./api/conformance.ts";
import { OPENAPI } from "./api/documents.ts";
import { createApp } from "./app.ts";
import { EXAMPLE_USERS } from "./example_users.ts";
import { SqliteUserStore } from "./store/sqlite_user_store.ts";
import { StoreUnavailableError, type UserStore } from "./store/user_store.ts";

const TOKEN = "test-token";
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };
const jane = { id: 2, name: "Jane Smith", email: "jane.smith@example.com" };

const conformance = new Conformance();

/** An event's body without its id, which is new each time. */
function withoutId<T extends { id: string }>({ id, ...rest }: T): Omit<T, "id"> {
  assert.match(id, /^[0-9a-f-]{36}$/, "a UUID");
  return rest;
}

/**
 * The app over the example users, in memory, and the position of their last
 * event. Every answer it gives is checked against the OpenAPI document.
 */
function exampleApp() {
  const store = new SqliteUserStore(":memory:", { initialUsers: EXAMPLE_USERS });
  return {
    app: describedHandler(createApp({ store, token: TOKEN }), conformance),
    store,
    /** The events announced since the app was made. */
    newEvents: () => store.eventsAfter(EXAMPLE_USERS.length),
    [Symbol.dispose]: () => store.close(),
  };
}

/** One request to a fresh example app, authorized unless `init.headers` says otherwise. */
async function call(path: string, init: RequestInit = {}) {
  using service = await exampleApp();
  const request = new Request(new URL(path, "http://localhost"), { headers: AUTH, ...init });
  const response = await service.app(request);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

test("GET /users/1 answers John Doe as JSON", async () => {
  const { status, headers, body } = await call("/users/1");
  assert.equal(status, 200);
  assert.match(headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(body, john);
});

test("GET /users/2 answers Jane Smith", async () => {
  assert.deepEqual((await call("/users/2")).body, jane);
});

test("GET /users/99 answers 404 User not found", async () => {
  const { status, body } = await call("/users/99");
  assert.equal(status, 404);
  assert.deepEqual(body, { error: "User not found" });
});

test("GET /health answers ok without a token", async () => {
  const { status, body } = await call("/health", { headers: {} });
  assert.equal(status, 200);
  assert.deepEqual(body, { status: "ok" });
});

test("GET /users?ids= answers the users found, in the order asked, each once", async () => {
  const { status, body } = await call("/users?ids=2,99,1,2");
  assert.equal(status, 200);
  assert.deepEqual(body, { users: [jane, john] });
});

test("GET /users?ids= with only unknown ids answers an empty list", async () => {
  const { status, body } = await call("/users?ids=99");
  assert.equal(status, 200);
  assert.deepEqual(body, { users: [] });
});

for (const query of ["", "?ids=", "?ids=1,,2", "?ids=1,x", "?ids=0", `?ids=${"1,".repeat(100)}1`]) {
  test(`GET /users${query} answers 400 JSON`, async () => {
    const { status, body } = await call(`/users${query}`);
    assert.equal(status, 400);
    assert.equal(typeof body.error, "string");
  });
}

for (
  const [what, headers] of [
    ["no Authorization", {}],
    ["a wrong token", { Authorization: "Bearer wrong" }],
    ["another scheme", { Authorization: `Basic ${TOKEN}` }],
    ["an empty bearer", { Authorization: "Bearer " }],
  ] as const
) {
  for (const path of ["/users/1", "/users?ids=1", "/users/abc"]) {
    test(`GET ${path} with ${what} answers 401 JSON`, async () => {
      const { status, headers: answer, body } = await call(path, { headers });
      assert.equal(status, 401);
      assert.match(answer.get("www-authenticate") ?? "", /^Bearer/);
      assert.deepEqual(body, { error: "Unauthorized" });
    });
  }
}

test("PUT /users/1 replaces the user, answers it, and announces user.updated", async () => {
  using service = await exampleApp();
  const response = await service.app(
    new Request("http://localhost/users/1", {
      method: "PUT",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "John Q. Doe", email: "jqd@example.com" }),
    }),
  );
  const updated = { id: 1, name: "John Q. Doe", email: "jqd@example.com" };
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), updated);
  assert.deepEqual(await service.store.get(1), updated);
  const events = await service.newEvents();
  assert.deepEqual(events.map((e) => withoutId(e.contents)), [
    { event: "user.updated", version: 2, user: updated },
  ]);
  assert.deepEqual(events[0].metadata, {
    subject: "users.updated",
    contentType: "application/json",
  });
});

for (
  const name of [
    "Zoë Ångström",
    "José Núñez-Müller",
    "山田 太郎",
    "محمد بن سلمان",
    "Ngũgĩ wa Thiong'o",
    "Dr. Jane O'Neil-Smith, PhD",
    "👩‍💻 Ada",
    "e\u0301lodie", // a combining accent after a letter
    "\u200fSara", // a right-to-left mark before a visible name
  ]
) {
  test(`PUT /users/1 accepts the name ${JSON.stringify(name)} and stores it exactly`, async () => {
    using service = await exampleApp();
    const user = { id: 1, name, email: "someone@example.com" };
    const response = await service.app(
      new Request("http://localhost/users/1", {
        method: "PUT",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: JSON.stringify({ name, email: user.email }),
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), user);
    assert.deepEqual(await service.store.get(1), user);
  });
}

test("DELETE /users/2 removes the user and announces user.deleted; again is 404", async () => {
  using service = await exampleApp();
  const remove = () =>
    service.app(new Request("http://localhost/users/2", { method: "DELETE", headers: AUTH }));
  const first = await remove();
  assert.equal(first.status, 204);
  assert.equal(await service.store.get(2), undefined);
  const second = await remove();
  assert.equal(second.status, 404);
  assert.deepEqual(await second.json(), { error: "User not found" });
  const events = await service.newEvents();
  assert.deepEqual(events.map((e) => withoutId(e.contents)), [
    { event: "user.deleted", version: 2, userId: 2 },
  ]);
});

/** A PUT body with a bad `field` (the other one good), as a row of the table below. */
function badText(
  field: "name" | "email",
  what: string,
  value: string,
): [string, RequestInit, number][] {
  const body = { name: "John Doe", email: "john.doe@example.com", [field]: value };
  return [[`${what} in the ${field}`, {
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }, 400]];
}

const badBodies: [string, RequestInit, number][] = [
  ["no Content-Type", { body: '{"name":"a","email":"a@b.c"}' }, 415],
  ["text/plain", { headers: { "Content-Type": "text/plain" }, body: "hi" }, 415],
  ["invalid JSON", { headers: { "Content-Type": "application/json" }, body: '{"name":' }, 400],
  ["a JSON array", { headers: { "Content-Type": "application/json" }, body: "[]" }, 400],
  ["no email", { headers: { "Content-Type": "application/json" }, body: '{"name":"a"}' }, 400],
  ["a bad email", {
    headers: { "Content-Type": "application/json" },
    body: '{"name":"a","email":"nope"}',
  }, 400],
  ["an empty name", {
    headers: { "Content-Type": "application/json" },
    body: '{"name":" ","email":"a@b.c"}',
  }, 400],
  ...badText("name", "a NUL", "Jo\u0000hn"),
  ...badText("name", "a bell (C0 control)", "Jo\u0007hn"),
  ...badText("name", "a DEL", "John\u007f"),
  ...badText("name", "a C1 control", "John\u0085"),
  ...badText("name", "a line break", "John\nDoe"),
  ...badText("name", "a lone surrogate", "Jo\ud800hn"),
  ...badText("name", "a right-to-left override", "John \u202eeoD"),
  ...badText("name", "only invisible characters", "\u200b\u2060\u200d"),
  ...badText("name", "only direction isolates", "\u2066\u2069"),
  ...badText("name", "only spaces of every kind", " \u00a0\u3000\t"),
  ...badText("name", "only combining marks", "\u0301\u0308"),
  ...badText("email", "a NUL", "john\u0000@example.com"),
  ...badText("email", "a lone surrogate", "jo\udc00@example.com"),
  ...badText("email", "a C1 control", "john\u0085@example.com"),
  ["a body over 16 KiB", {
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "x".repeat(20_000), email: "a@b.c" }),
  }, 413],
];
for (const [what, init, status] of badBodies) {
  test(`PUT /users/1 with ${what} answers ${status} JSON and changes nothing`, async () => {
    using service = await exampleApp();
    const headers = { ...AUTH, ...(init.headers as Record<string, string> | undefined) };
    const response = await service.app(
      new Request("http://localhost/users/1", { ...init, method: "PUT", headers }),
    );
    assert.equal(response.status, status);
    assert.equal(typeof (await response.json()).error, "string");
    assert.deepEqual(await service.store.get(1), john);
    assert.deepEqual(await service.newEvents(), []);
  });
}

test("PUT /users/1 whose body breaks off answers 400 JSON and changes nothing", async () => {
  using service = await exampleApp();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name":'));
      controller.error(new Error("connection reset"));
    },
  });
  const response = await service.app(
    new Request("http://localhost/users/1", {
      method: "PUT",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), { error: "Body could not be read" });
  assert.deepEqual(await service.store.get(1), john);
});

for (const id of ["0", "-1", "1.5", "abc", "1e3", "01", "99999999999999999", "%31", "", " 1"]) {
  test(`GET /users/${id} answers 400 JSON`, async () => {
    const { status, body } = await call(`/users/${id}`);
    assert.equal(status, 400);
    assert.deepEqual(body, { error: "User id must be a positive integer" });
  });
}

for (const path of ["/", "/users/1/orders", "/_pact/provider_states", "/user/1"]) {
  test(`GET ${path} answers 404 JSON`, async () => {
    const { status, body } = await call(path);
    assert.equal(status, 404);
    assert.deepEqual(body, { error: "Not found" });
  });
}

for (
  const [method, path, allow] of [
    ["POST", "/users/1", "GET, HEAD, PUT, DELETE"],
    ["PATCH", "/users/1", "GET, HEAD, PUT, DELETE"],
    ["POST", "/users", "GET, HEAD"],
    ["DELETE", "/health", "GET, HEAD"],
  ]
) {
  test(`${method} ${path} answers 405 JSON with Allow`, async () => {
    const { status, headers, body } = await call(path, { method, headers: AUTH, body: "{}" });
    assert.equal(status, 405);
    assert.equal(headers.get("allow"), allow);
    assert.deepEqual(body, { error: "Method not allowed" });
  });
}

/** The app over a store whose `get` rejects with `failure`, and what it reported. */
function appOverBrokenStore(failure: Error) {
  const reported: unknown[] = [];
  const broken = { get: () => Promise.reject(failure) } as unknown as UserStore;
  const app = describedHandler(
    createApp({ store: broken, token: TOKEN, onError: (error) => reported.push(error) }),
    conformance,
  );
  return { app, reported };
}

test("a failing store answers 503 JSON and reports the failure", async () => {
  const failure = new StoreUnavailableError("disk on fire");
  const { app, reported } = appOverBrokenStore(failure);
  const response = await app(new Request("http://localhost/users/1", { headers: AUTH }));
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { error: "User store unavailable" });
  assert.deepEqual(reported, [failure]);
});

test("a bug (a TypeError) answers 500 JSON and is reported, not passed off as a store failure", async () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'name')");
  const { app, reported } = appOverBrokenStore(bug);
  const response = await app(new Request("http://localhost/users/1", { headers: AUTH }));
  assert.equal(response.status, 500);
  assert.equal(response.headers.get("retry-after"), null, "a bug is not worth a retry");
  assert.deepEqual(await response.json(), { error: "Internal error" });
  assert.deepEqual(reported, [bug]);
});

test("GET /openapi.json answers the OpenAPI document without a token", async () => {
  const { status, body } = await call("/openapi.json", { headers: {} });
  assert.equal(status, 200);
  assert.deepEqual(body, OPENAPI);
});

test("every event the app announces conforms to its AsyncAPI message", async () => {
  using service = exampleApp();
  const put = (id: number) =>
    service.app(
      new Request(`http://localhost/users/${id}`, {
        method: "PUT",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Zoë Ångström", email: "zoe@example.com" }),
      }),
    );
  await put(1);
  await put(7);
  await service.app(new Request("http://localhost/users/2", { method: "DELETE", headers: AUTH }));
  const events = await service.store.eventsAfter(0);
  assert.equal(events.length, 5, "two example users, two puts, one delete");
  assert.deepEqual(events.flatMap((event) => conformance.eventProblems(event)), []);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { UserNotFoundError, UserServiceError, UserServiceUnauthorizedError } from "./errors.ts";
import { UserClient } from "./user_client.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

/** A fetch that records the request and answers with `respond`. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return Promise.resolve(respond(request));
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

test("getUser() sends GET /users/{id} with Accept: application/json", async () => {
  const { fetch, requests } = fakeFetch(() => Response.json(john));
  const client = new UserClient("http://users.test/api", {
    fetch,
    headers: { "X-Request-Id": "r1" },
  });
  assert.deepEqual(await client.getUser(1), john);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].method, "GET");
  assert.equal(requests[0].url, "http://users.test/api/users/1");
  assert.equal(requests[0].headers.get("accept"), "application/json");
  assert.equal(requests[0].headers.get("x-request-id"), "r1");
});

test("getUser() sends the bearer token when it has one, and none otherwise", async () => {
  const { fetch, requests } = fakeFetch(() => Response.json(john));
  await new UserClient("http://users.test", { fetch, token: "t0k3n" }).getUser(1);
  await new UserClient("http://users.test", { fetch }).getUser(1);
  assert.equal(requests[0].headers.get("authorization"), "Bearer t0k3n");
  assert.equal(requests[1].headers.get("authorization"), null);
});

test("getUser() rejects with UserServiceUnauthorizedError on 401", async () => {
  const { fetch } = fakeFetch(() => Response.json({ error: "Unauthorized" }, { status: 401 }));
  const error = await new UserClient("http://users.test", { fetch }).getUser(1).catch((e) => e);
  assert.ok(error instanceof UserServiceUnauthorizedError);
  assert.ok(error instanceof UserServiceError);
  assert.equal(error.status, 401);
});

test("getUsers() asks once for the distinct ids and returns the users found", async () => {
  const jane = { id: 2, name: "Jane Smith", email: "jane.smith@example.com" };
  const { fetch, requests } = fakeFetch(() => Response.json({ users: [john, jane] }));
  const users = await new UserClient("http://users.test", { fetch }).getUsers([1, 2, 1, 3]);
  assert.deepEqual(users, [john, jane]);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].url, "http://users.test/users?ids=1,2,3");
});

test("getUsers() splits more ids than one request may hold into batches, in order", async () => {
  const ids = Array.from({ length: 250 }, (_, n) => n + 1);
  const { fetch, requests } = fakeFetch((request) => {
    const asked = new URL(request.url).searchParams.get("ids")!.split(",").map(Number);
    return Response.json({
      users: asked.filter((id) => id % 50 === 0).map((id) => ({ ...john, id })),
    });
  });
  const users = await new UserClient("http://users.test", { fetch }).getUsers(ids);
  assert.deepEqual(
    requests.map((r) => new URL(r.url).searchParams.get("ids")!.split(",").length),
    [100, 100, 50],
  );
  assert.deepEqual(users.map((user) => user.id), [50, 100, 150, 200, 250]);
});

test("getUsers() batches by maxIdsPerRequest, and refuses a batch size UserService cannot take", async () => {
  const { fetch, requests } = fakeFetch(() => Response.json({ users: [] }));
  await new UserClient("http://users.test", { fetch, maxIdsPerRequest: 2 }).getUsers([1, 2, 3]);
  assert.deepEqual(requests.map((r) => new URL(r.url).search), ["?ids=1,2", "?ids=3"]);
  for (const maxIdsPerRequest of [0, 101, 1.5]) {
    assert.throws(() => new UserClient("http://users.test", { maxIdsPerRequest }), RangeError);
  }
});

test("getUsers() of no ids sends no request", async () => {
  const { fetch, requests } = fakeFetch(() => Response.json({ users: [] }));
  assert.deepEqual(await new UserClient("http://users.test", { fetch }).getUsers([]), []);
  assert.equal(requests.length, 0);
});

for (const body of [{ users: [{ id: 1 }] }, { people: [] }, [john]]) {
  test(`getUsers() rejects ${JSON.stringify(body)} with UserServiceError`, async () => {
    const { fetch } = fakeFetch(() => Response.json(body));
    const client = new UserClient("http://users.test", { fetch });
    await assert.rejects(client.getUsers([1]), UserServiceError);
  });
}

test("getUser() keeps only the fields of a User", async () => {
  const { fetch } = fakeFetch(() => Response.json({ ...john, phone: "555" }));
  assert.deepEqual(await new UserClient("http://users.test", { fetch }).getUser(1), john);
});

test("getUser() rejects with UserNotFoundError on 404", async () => {
  const { fetch } = fakeFetch(() => Response.json({ error: "User not found" }, { status: 404 }));
  const error = await new UserClient("http://users.test", { fetch }).getUser(99).catch((e) => e);
  assert.ok(error instanceof UserNotFoundError);
  assert.equal(error.userId, 99);
  assert.equal(error.message, 'User "99" not found');
});

const html = (body: string) => new Response(body, { headers: { "Content-Type": "text/html" } });
const json = (body: string) =>
  new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } });

const failures: [string, () => Response, number | undefined, RegExp][] = [
  ["a 500", () => new Response("boom", { status: 500 }), 500, /answered 500/],
  ["a 401", () => Response.json({ error: "no" }, { status: 401 }), 401, /USER_SERVICE_TOKEN/],
  ["an HTML body", () => html("<html></html>"), 200, /not JSON \(Content-Type "text\/html"\)/],
  ["a user declared as HTML", () => html(JSON.stringify(john)), 200, /not JSON/],
  ["a user with no Content-Type", () => new Response(JSON.stringify(john)), 200, /not JSON/],
  ["truncated JSON", () => json('{"id": 1, "na'), 200, /not valid JSON/],
  ["a body without email", () => Response.json({ id: 1, name: "J" }), 200, /not a user/],
  ["a string id", () => Response.json({ ...john, id: "1" }), 200, /not a user/],
  ["a JSON null", () => Response.json(null), 200, /not a user/],
];
for (const [what, respond, status, message] of failures) {
  test(`getUser() rejects with UserServiceError on ${what}`, async () => {
    const { fetch } = fakeFetch(respond);
    const error = await new UserClient("http://users.test", { fetch }).getUser(1).catch((e) => e);
    assert.ok(error instanceof UserServiceError, String(error));
    assert.equal(error.status, status);
    assert.match(error.message, message);
  });
}

test("getUser() rejects with UserServiceError, with the cause, when unreachable", async () => {
  const refused = new TypeError("connection refused");
  const fetch = () => Promise.reject(refused);
  const error = await new UserClient("http://users.test", { fetch }).getUser(1).catch((e) => e);
  assert.ok(error instanceof UserServiceError);
  assert.equal(error.status, undefined);
  assert.equal(error.cause, refused);
  assert.match(error.message, /could not be reached/);
});

test("getUser() gives up after timeoutMs with UserServiceError", async () => {
  // Answers only when the client's signal aborts, as a hung server would.
  const fetch = (_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
    });
  const started = performance.now();
  const error = await new UserClient("http://users.test", { fetch, timeoutMs: 50 })
    .getUser(1).catch((e) => e);
  assert.ok(error instanceof UserServiceError);
  assert.match(error.message, /did not answer within 50 ms/);
  assert.ok(performance.now() - started < 2000, "gave up in time");
});

test("getUser() refuses an id that is not a positive integer, without a request", async () => {
  const { fetch, requests } = fakeFetch(() => Response.json(john));
  const client = new UserClient("http://users.test", { fetch });
  for (const id of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
    await assert.rejects(client.getUser(id), RangeError);
  }
  assert.equal(requests.length, 0);
});

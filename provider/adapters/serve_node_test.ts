import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { serveNode, UNSUPPORTED_METHOD } from "./serve_node.ts";

/** Serves a handler that records the web Request it was given. */
async function recording(respond: () => Response = () => new Response(null, { status: 204 })) {
  const seen: { request: Request; body: string }[] = [];
  const server = await serveNode(async (request) => {
    seen.push({ request, body: await request.text() });
    return respond();
  });
  return { server, seen };
}

/** Sends raw bytes and resolves to the raw answer. */
function rawRequest(url: URL, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let answer = "";
    socket.on("data", (chunk) => answer += chunk);
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

test("the express bridge passes method, path with query, headers and body", async () => {
  const { server, seen } = await recording();
  await using _ = server;
  const response = await fetch(new URL("/users/1?fields=name&fields=email", server.url), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Trace": "t1" },
    body: '{"a":1}',
  });
  assert.equal(response.status, 204);
  const [{ request, body }] = seen;
  assert.equal(request.method, "POST");
  assert.equal(request.url, `${server.url.origin}/users/1?fields=name&fields=email`);
  assert.equal(request.headers.get("content-type"), "application/json");
  assert.equal(request.headers.get("x-trace"), "t1");
  assert.equal(body, '{"a":1}');
});

test("the express bridge uses its own origin, not the client's Host header", async () => {
  const { server, seen } = await recording();
  await using _ = server;
  await rawRequest(
    server.url,
    "GET //evil.example/x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
  );
  assert.equal(new URL(seen[0].request.url).origin, server.url.origin);
  assert.equal(new URL(seen[0].request.url).pathname, "//evil.example/x");
});

test("the express bridge writes status, headers, every Set-Cookie and the body", async () => {
  const headers = new Headers({ "Content-Type": "application/json", "X-Answer": "42" });
  headers.append("Set-Cookie", "a=1");
  headers.append("Set-Cookie", "b=2");
  const { server } = await recording(() => new Response('{"ok":true}', { status: 201, headers }));
  await using _ = server;
  const response = await fetch(server.url);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get("x-answer"), "42");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(response.headers.getSetCookie(), ["a=1", "b=2"]);
  assert.equal(response.headers.get("x-powered-by"), null);
  assert.deepEqual(await response.json(), { ok: true });
});

test("a request target that is not a path gets 400 JSON, the handler is not called", async () => {
  const { server, seen } = await recording();
  await using _ = server;
  const answer = await rawRequest(
    server.url,
    "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /\{"error":"Bad request"\}$/);
  assert.equal(seen.length, 0);
});

test("a request Node cannot parse gets 400 JSON", async () => {
  const { server } = await recording();
  await using _ = server;
  const answer = await rawRequest(server.url, "NOT HTTP AT ALL\r\n\r\n");
  assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\nContent-Type: application\/json/);
  assert.match(answer, /\{"error":"Bad request"\}$/);
});

test("oversized headers get 431 JSON", async () => {
  const { server } = await recording();
  await using _ = server;
  const big = "x".repeat(64 * 1024);
  const answer = await rawRequest(server.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 431 /);
  assert.match(answer, /\{"error":"Request headers too large"\}$/);
});

test("a method fetch forbids (TRACE) reaches the handler as one it does not serve", async () => {
  const { server, seen } = await recording();
  await using _ = server;
  const answer = await rawRequest(
    server.url,
    "TRACE /users/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
  );
  assert.match(answer, /^HTTP\/1\.1 204 /);
  assert.equal(seen[0].request.method, UNSUPPORTED_METHOD);
});

test("a second shutdown() also waits for the request in flight", async () => {
  const { promise: released, resolve: release } = Promise.withResolvers<void>();
  const { promise: arrived, resolve: arrive } = Promise.withResolvers<void>();
  const server = await serveNode(async () => {
    arrive();
    await released;
    return Response.json({ ok: true });
  });
  const answer = fetch(new URL("/slow", server.url)).then((response) => response.json());
  await arrived;
  const order: string[] = [];
  const first = server.shutdown().then(() => order.push("first shutdown"));
  const second = server.shutdown().then(() => order.push("second shutdown"));
  await delay(50);
  order.push("request released");
  release();
  assert.deepEqual(await answer, { ok: true });
  await Promise.all([first, second]);
  assert.deepEqual(order, ["request released", "first shutdown", "second shutdown"]);
});

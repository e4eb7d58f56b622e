/**
 * The client against a real misbehaving server on loopback: every fault is a
 * typed error within the timeout, never a hang and never `null`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { test } from "node:test";
import { UserServiceError } from "./errors.ts";
import { UserClient } from "./user_client.ts";

const TIMEOUT_MS = 200;

/** Serves `handle` on a free loopback port; dispose to stop (and drop open sockets). */
async function misbehaving(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** getUser(1) against `url`: the error, and how long it took. */
async function failure(url: string) {
  const started = performance.now();
  const error = await new UserClient(url, { timeoutMs: TIMEOUT_MS, token: "t" }).getUser(1).then(
    (user) => assert.fail(`expected a failure, got ${JSON.stringify(user)}`),
    (error: unknown) => error,
  );
  return { error, ms: performance.now() - started };
}

const faults: [string, (req: IncomingMessage, res: ServerResponse) => void, RegExp][] = [
  ["a 500", (_, res) => res.writeHead(500).end("boom"), /answered 500/],
  ["a 503 with JSON", (_, res) => {
    res.writeHead(503, { "Content-Type": "application/json" }).end('{"error":"down"}');
  }, /answered 503/],
  ["an HTML body", (_, res) => {
    res.writeHead(200, { "Content-Type": "text/html" }).end("<html>oops</html>");
  }, /not JSON/],
  ["truncated JSON", (_, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100" });
    res.write('{"id": 1, "na');
    res.socket?.destroy();
  }, /not JSON|could not be reached/],
  [
    "an answer slower than the timeout",
    () => {/* never answers */},
    /did not answer within 200 ms/,
  ],
  ["headers, then a body slower than the timeout", (_, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write('{"id": 1,');
  }, /did not answer within 200 ms/],
];

for (const [what, handle, message] of faults) {
  test(`getUser() on ${what} rejects with UserServiceError in time`, async () => {
    await using server = await misbehaving(handle);
    const { error, ms } = await failure(server.url);
    assert.ok(error instanceof UserServiceError, String(error));
    assert.match(error.message, message);
    assert.ok(ms < TIMEOUT_MS + 1000, `took ${ms.toFixed(0)} ms`);
  });
}

test("getUser() with UserService down rejects with UserServiceError at once", async () => {
  const server = await misbehaving(() => {});
  const { url } = server;
  await server[Symbol.asyncDispose]();
  const { error, ms } = await failure(url);
  assert.ok(error instanceof UserServiceError);
  assert.equal(error.status, undefined);
  assert.match(error.message, /could not be reached/);
  assert.ok(error.cause, "the underlying failure is kept");
  assert.ok(ms < TIMEOUT_MS + 1000, `took ${ms.toFixed(0)} ms`);
});

/**
 * The same behaviour asked of every server adapter this runtime can run:
 * `serveNode` (express) everywhere, `serveDeno` on Deno.
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Handler } from "../service/app.ts";
import { serveDeno } from "./serve_deno.ts";
import { serveNode } from "./serve_node.ts";
import { PortInUseError, type Serve } from "./server.ts";

const adapters: [string, Serve, string | false][] = [
  ["serveNode", serveNode, false],
  [
    "serveDeno",
    serveDeno,
    "Deno" in globalThis ? false : "skipped: Deno.serve exists only on Deno",
  ],
];

const echoPath: Handler = (request) =>
  Promise.resolve(Response.json({ path: new URL(request.url).pathname }));

for (const [name, serve, skip] of adapters) {
  test(
    `${name}() binds a free port on 127.0.0.1 and answers with the handler`,
    { skip },
    async () => {
      await using server = await serve(echoPath);
      assert.equal(server.url.hostname, "127.0.0.1");
      assert.notEqual(server.url.port, "0");
      const response = await fetch(new URL("/x?y=1", server.url));
      assert.deepEqual(await response.json(), { path: "/x" });
    },
  );

  test(`${name}() shutdown() lets an in-flight request finish`, { skip }, async () => {
    const { promise: arrived, resolve: arrive } = Promise.withResolvers<void>();
    const { promise: release, resolve: finish } = Promise.withResolvers<void>();
    const server = await serve(async () => {
      arrive();
      await release;
      return Response.json({ done: true });
    });
    const inFlight = fetch(server.url);
    await arrived;
    const stopped = server.shutdown();
    finish();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { done: true });
    await stopped;
    await server.finished;
    await assert.rejects(fetch(server.url), "no longer accepting connections");
  });

  test(`${name}() rejects a taken port with PortInUseError`, { skip }, async () => {
    await using first = await serve(echoPath);
    const port = Number(first.url.port);
    await assert.rejects(serve(echoPath, { port }), (error) => {
      assert.ok(error instanceof PortInUseError, String(error));
      assert.equal(error.message, `PORT ${port} is taken`);
      return true;
    });
  });
}

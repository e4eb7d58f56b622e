import assert from "node:assert/strict";
import { test } from "node:test";
import { serveDeno } from "./serve_deno.ts";
import { PortInUseError } from "./server.ts";

const onDeno = "Deno" in globalThis;
const skip = onDeno
  ? false
  : "skipped: Deno.serve exists only on Deno (serve_node_test.ts covers Node)";

test("serveDeno() binds a free port and answers with the handler", { skip }, async () => {
  await using server = await serveDeno((request) =>
    Promise.resolve(Response.json({ path: new URL(request.url).pathname }))
  );
  assert.equal(server.url.hostname, "127.0.0.1");
  assert.notEqual(server.url.port, "0");
  const response = await fetch(new URL("/x?y=1", server.url));
  assert.deepEqual(await response.json(), { path: "/x" });
});

test("serveDeno() shutdown() lets an in-flight request finish", { skip }, async () => {
  const { promise: arrived, resolve: arrive } = Promise.withResolvers<void>();
  const { promise: release, resolve: finish } = Promise.withResolvers<void>();
  const server = await serveDeno(async () => {
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
});

test("serveDeno() rejects a taken port with PortInUseError", { skip }, async () => {
  await using first = await serveDeno(() => Promise.resolve(new Response()));
  const port = Number(first.url.port);
  await assert.rejects(serveDeno(() => Promise.resolve(new Response()), { port }), (error) => {
    assert.ok(error instanceof PortInUseError);
    assert.equal(error.message, `PORT ${port} is taken`);
    return true;
  });
});

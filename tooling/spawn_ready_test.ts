import assert from "node:assert/strict";
import process from "node:process";
import { test } from "node:test";
import { spawnReady } from "./spawn_ready.ts";

/** This runtime evaluating `code`. */
function evaluating(code: string): { command: string; args: string[] } {
  const args = "Deno" in globalThis ? ["eval", code] : ["-e", code];
  return { command: process.execPath, args };
}

test("spawnReady(): resolves to the ready line's match; stop() ends the process", async () => {
  const { command, args } = evaluating(
    'console.log("warming up"); console.log("ready on port 4242"); setInterval(() => {}, 1000);',
  );
  const lines: string[] = [];
  const started = spawnReady(command, {
    args,
    ready: /ready on port (\d+)/,
    what: "the child",
    onLine: (line) => lines.push(line),
  });
  assert.equal((await started.ready)[1], "4242");
  assert.deepEqual(lines, ["warming up", "ready on port 4242"]);
  assert.notEqual(await started.stop(), 0, "ended by SIGTERM");
});

test("spawnReady(): a process that exits before its ready line is an error saying so", async () => {
  const { command, args } = evaluating('console.log("nothing to see"); process.exit(3);');
  const started = spawnReady(command, { args, ready: /ready/, what: "the child" });
  await assert.rejects(started.ready, /^Error: the child exited with code 3 before it was ready$/);
});

test("spawnReady(): no ready line within the deadline is an error, and the process is stopped", async () => {
  const { command, args } = evaluating("setInterval(() => {}, 1000);");
  const started = spawnReady(command, { args, ready: /ready/, what: "the child", timeoutMs: 300 });
  await assert.rejects(started.ready, /the child was not ready within 300 ms/);
  assert.notEqual(await started.exited, 0);
});

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { repoPath } from "../../../tooling/repo.ts";
import { scriptCommand } from "../../../tooling/runtime.ts";
import { isDeferredWriteOnClosedSocket } from "./postgres_write_guard.ts";

/** Runs the child that throws `what` out of a `setImmediate`, with the guard installed. */
function child(what: string) {
  const { command, args } = scriptCommand("provider/service/store/_write_guard_child.ts", [what]);
  return spawnSync(command, args, { cwd: repoPath(""), encoding: "utf8", timeout: 30_000 });
}

test("the guard keeps the process alive through postgres.js's deferred write on a closed socket", () => {
  const result = child("deferred write");
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), "alive");
  assert.match(result.stderr, /dropped a write of postgres\.js on a closed connection/);
});

test("the guard leaves any other uncaught error to end the process with code 1", () => {
  const result = child("other");
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout, /alive/);
  assert.match(result.stderr, /a fault of our own/);
});

test("isDeferredWriteOnClosedSocket() knows the fault by its frame, on Node's and Deno's paths", () => {
  const fault = (path: string) => {
    const error = new TypeError("Cannot read properties of null (reading 'write')");
    error.stack = `TypeError: ${error.message}\n    at Immediate.nextWrite (${path}:255:22)`;
    return error;
  };
  assert.ok(
    isDeferredWriteOnClosedSocket(fault("file:///app/node_modules/postgres/src/connection.js")),
  );
  assert.ok(
    isDeferredWriteOnClosedSocket(
      fault("file:///root/.cache/deno/npm/registry.npmjs.org/postgres/3.4.9/src/connection.js"),
    ),
  );
  assert.ok(!isDeferredWriteOnClosedSocket(fault("file:///app/src/connection.js")));
  assert.ok(
    !isDeferredWriteOnClosedSocket(
      new TypeError("Cannot read properties of null (reading 'write')"),
    ),
  );
  assert.ok(!isDeferredWriteOnClosedSocket(new Error("write failed")));
});

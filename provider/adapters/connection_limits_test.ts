import assert from "node:assert/strict";
import { test } from "node:test";
import { maxConnectionsFor, openFileLimit } from "./connection_limits.ts";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
`;

test("openFileLimit() reads the soft limit from /proc/self/limits", () => {
  assert.equal(openFileLimit(() => LIMITS), 1024);
  assert.equal(openFileLimit(() => "nothing here"), undefined);
  assert.equal(
    openFileLimit(() => {
      throw new Error("no /proc");
    }),
    undefined,
  );
});

test("maxConnectionsFor() keeps files free and divides by the files each connection takes", () => {
  assert.equal(maxConnectionsFor(1024, 1), 960);
  assert.equal(maxConnectionsFor(1024, 3), 320);
  assert.equal(maxConnectionsFor(50, 3), 16, "at least 16");
  assert.equal(maxConnectionsFor(undefined, 3), 1000, "unknown limit");
});

/**
 * For `postgres_write_guard_test.ts`: installs the guard, then throws `argv[2]`
 * ("deferred write" or "other") out of a `setImmediate`, and prints "alive"
 * if the process is still running a moment later.
 *
 * @module
 */
import process from "node:process";
import { setTimeout as delay } from "node:timers/promises";
import { guardPostgresDeferredWrite } from "./postgres_write_guard.ts";

using _guard = guardPostgresDeferredWrite();
setImmediate(() => {
  if (process.argv[2] === "deferred write") {
    const error = new TypeError("Cannot read properties of null (reading 'write')");
    error.stack = `TypeError: ${error.message}\n` +
      "    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n" +
      "    at process.processImmediate (node:internal/timers:574:21)";
    throw error;
  }
  throw new Error("a fault of our own");
});
// Counted from after the throw, not from now: on a loaded machine the throw may come late.
// The guard stays installed (`using`) until then.
await new Promise<void>((resolve) => setImmediate(() => void delay(100).then(resolve)));
console.log("alive");

import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually } from "./eventually.ts";

test("eventually(): resolves once the condition holds, sync or async", async () => {
  let checks = 0;
  await eventually("the third check", () => ++checks === 3, { intervalMs: 1 });
  assert.equal(checks, 3);
  await eventually("an async condition", () => Promise.resolve(true));
});

test("eventually(): rejects at the deadline, saying what did not happen and what was found", async () => {
  await assert.rejects(
    eventually("never", () => false, { ms: 30, intervalMs: 5 }),
    /^Error: not within 30 ms: never$/,
  );
  await assert.rejects(
    eventually(() => "found 2 of 3", () => false, { ms: 30, intervalMs: 5 }),
    /^Error: not within 30 ms: found 2 of 3$/,
  );
});

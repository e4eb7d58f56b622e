import assert from "node:assert/strict";
import { test } from "node:test";
import { withDeadline } from "./deadline.ts";

test("withDeadline() passes a promise that settles in time through", async () => {
  assert.equal(await withDeadline(Promise.resolve(7), 1000, "late"), 7);
  await assert.rejects(withDeadline(Promise.reject(new Error("own")), 1000, "late"), /own/);
});

test("withDeadline() rejects with its message when the promise is late", async () => {
  await assert.rejects(withDeadline(new Promise(() => {}), 10, "too late"), /too late/);
});

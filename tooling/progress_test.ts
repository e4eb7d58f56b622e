import assert from "node:assert/strict";
import { test } from "node:test";
import { Progress } from "./progress.ts";

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 200, write: (text: string) => written.push(text) }, written };
}

test("Progress draws the step, the count and the time left on a terminal", () => {
  const { stream, written } = terminal(true);
  const clock = { now: 0 };
  const progress = new Progress("mutation guard", { total: 4, stream, now: () => clock.now });
  progress.step("drop email");
  clock.now = 2000;
  progress.step("rename email");
  progress.done();
  assert.deepEqual(written, [
    "\r\x1b[2Kmutation guard: 0/4 done; now: drop email",
    "\r\x1b[2Kmutation guard: 1/4 done, ~6 s left; now: rename email",
    "\r\x1b[2K",
  ]);
});

test("Progress writes nothing when not on a terminal", () => {
  const { stream, written } = terminal(false);
  const progress = new Progress("load", { stream });
  progress.step("GET /users/1");
  progress.done();
  assert.deepEqual(written, []);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { type RunKind, runKindFor, RunScheduler } from "./dev_scheduler.ts";

/** A scheduler whose runs are recorded and end when `finish()` is called. */
function recorder() {
  const runs: { kind: RunKind; files: readonly string[] }[] = [];
  let finish = () => {};
  const scheduler = new RunScheduler({
    debounceMs: 20,
    run: (kind, files) => {
      runs.push({ kind, files });
      return new Promise<void>((resolve) => finish = resolve);
    },
  });
  return { runs, scheduler, finish: () => finish() };
}

const quiet = (ms = 60) => delay(ms);

test("saving twice quickly starts one run", async () => {
  const { runs, scheduler, finish } = recorder();
  scheduler.changed("verify", "provider/app.ts");
  scheduler.changed("verify", "provider/app.ts");
  await quiet();
  assert.deepEqual(runs, [{ kind: "verify", files: ["provider/app.ts"] }]);
  finish();
  await scheduler.running;
  await quiet();
  assert.equal(runs.length, 1);
  scheduler.close();
});

test("a consumer change in a batch makes it a whole-loop run", async () => {
  const { runs, scheduler, finish } = recorder();
  scheduler.changed("verify", "provider/app.ts");
  scheduler.changed("contract", "consumer/user_client.ts");
  await quiet();
  assert.deepEqual(runs.map((r) => r.kind), ["contract"]);
  finish();
  scheduler.close();
});

test("changes during a run start one more run after it, never two at once", async () => {
  const { runs, scheduler, finish } = recorder();
  scheduler.changed("verify", "provider/a.ts");
  await quiet();
  scheduler.changed("verify", "provider/b.ts");
  await quiet();
  scheduler.changed("contract", "consumer/c.ts");
  await quiet();
  assert.equal(runs.length, 1, "the first run is still going");
  finish();
  await quiet();
  assert.deepEqual(runs[1], { kind: "contract", files: ["provider/b.ts", "consumer/c.ts"] });
  finish();
  await quiet();
  assert.equal(runs.length, 2);
  scheduler.close();
});

test("runKindFor(): what a saved file asks for, the API descriptions included", () => {
  assert.equal(runKindFor("consumer/user_client.ts"), "contract");
  assert.equal(runKindFor("consumer/user_service.pact_test.ts"), "contract");
  assert.equal(runKindFor("notification_service/notice_client.ts"), "contract");
  assert.equal(runKindFor("provider/app.ts"), "verify");
  assert.equal(runKindFor("provider/service/api/openapi.json"), "verify");
  assert.equal(runKindFor("provider/service/api/asyncapi.json"), "verify");
  assert.equal(runKindFor("provider/users.db"), undefined);
  assert.equal(runKindFor("consumer/notes.md"), undefined);
  assert.equal(runKindFor("provider/.app.ts.swp"), undefined);
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../tooling/temp_dir.ts";
import { SuppressionStore } from "./suppression_store.ts";

test("applyDeletion(): each version once; an older or repeated one changes nothing", () => {
  using store = new SuppressionStore(":memory:");
  assert.equal(store.isSuppressed(1), false);
  assert.deepEqual(store.applyDeletion({ id: "e3", version: 3, userId: 1 }), { applied: true });
  assert.equal(store.isSuppressed(1), true);
  assert.deepEqual(store.applyDeletion({ id: "e3", version: 3, userId: 1 }), { applied: false });
  assert.deepEqual(store.applyDeletion({ id: "e2", version: 2, userId: 1 }), { applied: false });
  assert.deepEqual(store.suppressed(), [{ userId: 1, eventId: "e3", version: 3 }]);
  assert.equal(store.isSuppressed(2), false);
});

test("the suppression list survives a restart", async () => {
  await withTempDir((dir) => {
    const path = join(dir, "notices.db");
    {
      using store = new SuppressionStore(path);
      store.applyDeletion({ id: "e1", version: 1, userId: 7 });
    }
    using again = new SuppressionStore(path);
    assert.equal(again.isSuppressed(7), true);
  });
});

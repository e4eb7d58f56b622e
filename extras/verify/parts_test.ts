import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyParts } from "./parts.ts";

test("verifyParts(): VERIFY_PARTS when set, else one part per 40 interactions, at most one per core", () => {
  assert.equal(verifyParts({ VERIFY_PARTS: "3" }, 9), 3);
  assert.equal(verifyParts({}, 9), 1);
  assert.ok(verifyParts({}, 500) >= 1);
});

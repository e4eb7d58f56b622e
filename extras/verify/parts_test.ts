import assert from "node:assert/strict";
import { test } from "node:test";
import { partPattern, verifyParts } from "./parts.ts";

test("partPattern(): the sorted descriptions dealt in turn, each matched whole and literally", () => {
  const descriptions = ["c (x)", "a", "b.*", "d"];
  const parts = [0, 1].map((index) => new RegExp(partPattern(descriptions, index, 2)!));
  for (const description of descriptions) {
    assert.equal(parts.filter((part) => part.test(description)).length, 1, description);
  }
  assert.equal(parts[0].test("a and more"), false, "whole descriptions only");
  assert.equal(parts[1].test("bXX"), false, "a description's characters are literal");
  assert.equal(partPattern(descriptions, 0, 1), undefined, "one part: no filter");
});

test("verifyParts(): VERIFY_PARTS when set, else one part per 40 interactions, at most one per core", () => {
  assert.equal(verifyParts({ VERIFY_PARTS: "3" }, 9), 3);
  assert.equal(verifyParts({}, 9), 1);
  assert.ok(verifyParts({}, 500) >= 1);
});

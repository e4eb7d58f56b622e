/**
 * The provider mutation guard through the real verification test: every
 * breaking change in the catalogue fails verification with the mismatch it
 * names, and every compatible one passes.
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MutationRecord } from "../hooks/results.ts";
import { runTests } from "../hooks/test_run.ts";
import { VERIFICATION_TEST } from "../verify/verification.ts";
import { mutationResults, verdictOf } from "./mutation_guard.ts";
import { MUTATIONS } from "./mutations.ts";

test("the provider mutation guard: every breaking change caught for exactly the consumers it breaks, every compatible one accepted", async () => {
  const { records } = await runTests([VERIFICATION_TEST], {
    hooks: { mutationGuard: true },
    output: "ignore",
  });
  const results = mutationResults(
    records.filter((r): r is MutationRecord => r.kind === "mutation"),
  );
  assert.equal(results.length, MUTATIONS.length);
  const wrong = results.filter((r) => !r.ok).map((r) =>
    `${r.mutation.name} (breaks ${r.mutation.breaks.join(", ") || "no one"}): ` +
    (r.passed ? "passed" : `failed for ${r.consumers.join(", ")}: ${r.mismatch}`)
  );
  assert.deepEqual(wrong, []);
  const byName = (name: string) => results.find((r) => r.mutation.name === name)!;
  assert.deepEqual(byName('drop "name" from users').consumers, ["OrderService"]);
  assert.deepEqual(byName('rename "email" to "mail"').consumers, [
    "NotificationService",
    "OrderService",
  ]);
});

test("the catalogue says why each compatible change is safe, and the guard reports it", () => {
  const compatible = MUTATIONS.filter((m) => m.breaks.length === 0);
  assert.ok(compatible.length > 0);
  assert.deepEqual(compatible.filter((m) => !m.safe).map((m) => m.name), []);
  const charset = compatible.find((m) => m.name === "add charset=utf-8 to Content-Type")!;
  assert.equal(
    verdictOf({ mutation: charset, passed: true, consumers: [], ok: true }),
    `safe: every consumer's pact still holds (${charset.safe})`,
  );
});

test("a change that fails verification is reported with the consumers it broke and the mismatch", () => {
  const dropName = MUTATIONS.find((m) => m.name === 'drop "name" from users')!;
  const verdict = verdictOf({
    mutation: dropName,
    passed: false,
    mismatch: "Verifying a pact between OrderService and UserService - a request for user 1: " +
      "$.name: Actual map is missing the following keys: name",
    consumers: ["OrderService"],
    ok: true,
  });
  assert.equal(
    verdict,
    "breaks OrderService: a request for user 1: $.name: Actual map is missing the following keys: name",
  );
  const safeOne = MUTATIONS.find((m) => m.breaks.length === 0)!;
  assert.match(
    verdictOf({ mutation: safeOne, passed: false, mismatch: "x", consumers: ["A"], ok: false }),
    /^breaks A: x \(the catalogue says it is compatible\)$/,
  );
});

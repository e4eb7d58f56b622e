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
import { mutationResults } from "./mutation_guard.ts";
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

/**
 * The consumer mutation check on the consumers' Pact tests as they are, and
 * on a copy of them with a field planted that nothing reads.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withRepoCopy } from "../../tooling/repo_copy.ts";
import { checkConsumers, reportPinned } from "./consumer_mutation_check.ts";

test("every value each consumer's pact pins is read by its tests", async () => {
  const { ok, text } = await checkConsumers();
  assert.ok(ok, text);
  for (const consumer of ["OrderService", "NotificationService"]) {
    const score = new RegExp(
      `^Consumer mutation check \\(${consumer}\\): (\\d+) of \\1 pinned values proved read`,
      "m",
    );
    assert.match(text, score);
  }
});

test("a field planted in the user body that nothing reads is named, with its path", async () => {
  await withRepoCopy(async (root) => {
    const file = join(root, "consumer/user_service.pact_test.ts");
    const text = readFileSync(file, "utf8");
    const planted = text.replace(
      "return { id: integer(id), name: like(name), email: regex(EMAIL, email) };",
      'return { id: integer(id), name: like(name), email: regex(EMAIL, email), phone: like("555-0100") };',
    );
    assert.notEqual(planted, text, "the field was planted");
    writeFileSync(file, planted);
    const { ok, text: report } = await checkConsumers({
      root,
      files: ["consumer/user_service.pact_test.ts"],
    });
    assert.equal(ok, false, report);
    assert.match(
      report,
      /✗ OrderService "a request for user 1": body \$\.phone is pinned, but its test passes with it removed \(OrderService never reads it/,
    );
    assert.match(
      report,
      /"a batch request for users 1, 2 and 3": body \$\.users\[\*\]\.phone is pinned/,
    );
    assert.doesNotMatch(report, /body \$\.(name|email) is pinned/, "what is read is not named");
  });
});

test("reportPinned(): a value counts as read only when every way of taking it away was noticed", () => {
  const pinned = (value: string, change: string, read: boolean) =>
    ({ kind: "pinned", consumer: "Shop", description: "d", value, change, read }) as const;
  const { ok, text } = reportPinned([
    pinned("status", "another status", true),
    pinned("body $.id", "removed", true),
    pinned("body $.id", "of another type", false),
  ]);
  assert.equal(ok, false);
  assert.match(
    text,
    /✗ Shop "d": body \$\.id is pinned, but its test passes with it of another type/,
  );
  assert.match(
    text,
    /Consumer mutation check \(Shop\): 1 of 2 pinned values proved read by its tests, 1 over-specified \(1 interactions\)/,
  );
});

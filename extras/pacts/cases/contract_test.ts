/**
 * OrderService's consumer contract tests: one test per interaction, each
 * running the real client against the Pact mock server, writing into a
 * folder of their own. A last test checks that what they wrote is exactly
 * the committed `pacts/`: the contract is deterministic, and it is not stale.
 *
 * These tests never write `pacts/` themselves: `deno task test` and
 * `npm test` write it first (`deno task pact`), so that the provider's tests,
 * which read it in parallel with these, always see one finished contract.
 *
 * @module
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CONSUMER_NAME, CONTRACT_CASES, ContractSession, PACT_DIR } from "./mod.ts";

const dir = mkdtempSync(join(tmpdir(), "order-service-contract-test-"));
const session = new ContractSession(dir, CONTRACT_CASES.length);
after(() => rmSync(dir, { recursive: true, force: true }));

for (const contractCase of CONTRACT_CASES) {
  test(`contract: ${contractCase.name}`, () => session.run(contractCase));
}

test("contract: the cases write exactly the committed pacts/ (after a change: deno task pact)", () => {
  const outcome = session.finish();
  assert.ok(!("kept" in outcome), `the cases did not all pass: ${JSON.stringify(outcome)}`);
  const committed = readdirSync(PACT_DIR).filter((name) => name.startsWith(`${CONSUMER_NAME}-`));
  assert.deepEqual(outcome.written, committed.sort());
  for (const name of outcome.written) {
    assert.ok(
      readFileSync(join(dir, name), "utf8") === readFileSync(join(PACT_DIR, name), "utf8"),
      `pacts/${name} is not what the consumer cases write: run deno task pact and commit it`,
    );
  }
});

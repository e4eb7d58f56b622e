/**
 * OrderService's consumer contract tests: one test per interaction, each
 * running the real client against the Pact mock server. When every case has
 * run and passed, `pacts/` is replaced with what this run wrote (see
 * {@linkcode ContractSession}).
 *
 * @module
 */
import { after, test } from "node:test";
import { CONTRACT_CASES, ContractSession, PACT_DIR } from "./mod.ts";

const session = new ContractSession(PACT_DIR, CONTRACT_CASES.length);

for (const contractCase of CONTRACT_CASES) {
  test(`contract: ${contractCase.name}`, () => session.run(contractCase));
}

after(() => {
  const outcome = session.finish();
  if ("kept" in outcome) console.log(`pacts/ left as it was: ${outcome.kept}`);
});

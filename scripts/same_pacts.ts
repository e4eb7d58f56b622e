/**
 * `same_pacts.ts <dirA> <dirB>`: whether two folders of pacts hold the same
 * contracts (CI: the Deno-made and the Node-made pacts); one line per
 * difference, exit 1 on any (`extras/pacts/same_pacts.ts`).
 *
 * @module
 */
import { pactDifferences } from "../extras/pacts/same_pacts.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Pact comparison", ([dirA, dirB]) => {
  if (!dirA || !dirB) {
    console.error("Usage: same_pacts.ts <dirA> <dirB>");
    return 2;
  }
  const differences = pactDifferences(dirA, dirB);
  for (const line of differences) console.error(line);
  if (differences.length > 0) return 1;
  console.log(`The pacts in "${dirA}" and "${dirB}" are the same contracts`);
  return 0;
});

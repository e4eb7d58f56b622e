/**
 * `deno task mutate:consumer` / `npm run mutate:consumer`: the consumer
 * mutation check (`consumer/contract/mutation_check.ts`). Every value
 * OrderService's pact pins in a response or a message is taken away in turn,
 * and the contract case that pins it must fail. Prints one line per
 * over-specified value and a score; exits 1 when any value is pinned but
 * never read.
 *
 * @module
 */
import process from "node:process";
import { CONTRACT_CASES } from "../consumer/contract/mod.ts";
import {
  type CaseVerdict,
  checkCase,
  reportVerdicts,
} from "../consumer/contract/mutation_check.ts";
import { Progress } from "../tooling/progress.ts";

async function main(): Promise<number> {
  const progress = new Progress("consumer mutation check", { total: CONTRACT_CASES.length });
  const verdicts: CaseVerdict[] = [];
  for (const contractCase of CONTRACT_CASES) {
    progress.step(contractCase.name);
    verdicts.push(await checkCase(contractCase));
  }
  progress.done();
  const { ok, text } = reportVerdicts(verdicts);
  console.log(text);
  return ok ? 0 : 1;
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(
      `Consumer mutation check failed: ${error instanceof Error ? error.message : error}`,
    );
    process.exitCode = 1;
  }
}

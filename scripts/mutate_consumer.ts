/**
 * `deno task mutate:consumer` / `npm run mutate:consumer`: the consumer
 * mutation check (`extras/guards/mutation_check.ts`). Every value
 * OrderService's pact pins in a response or a message is taken away in turn,
 * and the contract case that pins it must fail. Prints one line per
 * over-specified value and a score; exits 1 when any value is pinned but
 * never read.
 *
 * @module
 */
import { CONTRACT_CASES } from "../extras/pacts/cases/mod.ts";
import { checkCases, reportVerdicts } from "../extras/guards/mutation_check.ts";
import { runAsMain } from "../tooling/main.ts";
import { Progress } from "../tooling/progress.ts";

await runAsMain(import.meta, "Consumer mutation check", async () => {
  const progress = new Progress("consumer mutation check", { total: CONTRACT_CASES.length });
  const verdicts = await checkCases(CONTRACT_CASES, (c) => progress.step(c.name));
  progress.done();
  const { ok, text } = reportVerdicts(verdicts);
  console.log(text);
  return ok ? 0 : 1;
});

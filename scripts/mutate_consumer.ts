/**
 * `deno task mutate:consumer` / `npm run mutate:consumer`: the consumer
 * mutation check (`extras/guards/consumer_mutation_check.ts`). Every value a
 * consumer's pact pins in a response or a message is taken away in turn, and
 * the test that pins it must fail. Prints one line per over-specified value
 * and a score per consumer; exits 1 when any value is pinned but never read.
 *
 * @module
 */
import { checkConsumers } from "../extras/guards/consumer_mutation_check.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Consumer mutation check", async () => {
  const { ok, text } = await checkConsumers();
  console.log(text);
  return ok ? 0 : 1;
});

/**
 * `deno task pact` / `npm run pact`: every consumer's Pact tests, by the test
 * runner, writing `pacts/` afresh when they pass (`extras/pacts/write_pacts.ts`).
 * The exit code is the verdict.
 *
 * @module
 */
import { writePacts } from "../extras/pacts/write_pacts.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "deno task pact", async () => {
  const { passed, text } = await writePacts({ stopOnSignal: true });
  console.log(text);
  return passed ? 0 : 1;
});

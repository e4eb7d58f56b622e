/**
 * `deno task compile`: UserService as one executable, `dist/user-service`
 * (`provider/build/compile_deno.ts`); without a runtime base it ends in one
 * sentence that says how to supply one.
 *
 * @module
 */
import { statSync } from "node:fs";
import { compileDeno } from "../provider/build/compile_deno.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "deno task compile", () => {
  const output = compileDeno();
  console.log(`Built ${output} (${(statSync(output).size / 2 ** 20).toFixed(1)} MiB)`);
  return 0;
});

/**
 * `deno task contract` / `npm run contract`: the whole contract loop
 * (`extras/loop/contract_loop.ts`): the consumers' Pact tests write `pacts/`
 * afresh, then UserService is compared with them and verified against them.
 * The exit code is the verdict.
 *
 * @module
 */
import { runContractLoop } from "../extras/loop/contract_loop.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Contract loop", () => runContractLoop());

/**
 * `deno task contract` / `npm run contract`: the whole contract loop in one
 * process (`extras/loop/contract_loop.ts`). `deno task pact` / `npm run pact` pass
 * `--pact-only`, the consumer half; `--provider-only` is the other half, on
 * the pacts as they are (the watch loop runs it for a provider change). The
 * exit code is the verdict.
 *
 * @module
 */
import { runContractLoop } from "../extras/loop/contract_loop.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Contract loop", (args) =>
  runContractLoop({
    pactOnly: args.includes("--pact-only"),
    providerOnly: args.includes("--provider-only"),
  }));

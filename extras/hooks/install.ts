import { PactV4, Verifier } from "@pact-foundation/pact";
import process from "node:process";
import type { HooksConfig } from "./config.ts";
import { hookConsumerPacts, type TestWrapper } from "./consumer.ts";
import { hookVerifier } from "./verifier.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/**
 * Hooks pact-js in this process as `config` says (`PactV4` for consumer
 * tests, `Verifier` for the provider's), before any test file is loaded.
 * A `pactDir` of `"temporary"` becomes a folder of this process's own,
 * removed when it exits.
 */
export async function installHooks(config: HooksConfig): Promise<void> {
  if (config.pactDir === "temporary") {
    const dirTemp = temporaryDir("pacts-");
    const dir = dirTemp.path;
    config.pactDir = dir;
    process.on("exit", () => dirTemp.remove());
  }
  let wrap: TestWrapper | undefined;
  if (config.pinnedIn) {
    const { consumerMutationCheck } = await import("../guards/consumer_mutations.ts");
    wrap = consumerMutationCheck(config.pinnedIn, config.results);
  }
  hookConsumerPacts(PactV4, config, wrap);
  hookVerifier(Verifier, config);
}

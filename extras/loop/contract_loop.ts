/**
 * The whole contract loop in one process (`deno task contract`). UserService
 * is started first, as its own process on a free port with a fresh database,
 * and gets healthy while pact-js loads and OrderService's contract cases run
 * against the Pact mock server; when every case passes, `pacts/` is written
 * afresh, compared with UserService's OpenAPI and AsyncAPI documents, and
 * UserService is verified against it in this same process (pact-js loaded
 * once), then stopped.
 *
 * Each step ends in a one-screen summary and writes a JUnit report to
 * `reports/` (`consumer-contract.xml`, `bidirectional.xml`,
 * `provider-verification.xml`), one test case per interaction.
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { providerEntry } from "../../provider/entry.ts";
import {
  countInteractions,
  type ProviderUnderTest,
  verifyParts,
} from "../verify/contract/parallel.ts";
import { localPactFiles } from "../verify/contract/pact_files.ts";
import { providerStarter } from "../verify/own_provider.ts";
import { cleanUpOnSignal } from "../../tooling/signals.ts";
import { timings } from "../../tooling/timings.ts";

/** How many interactions the pacts hold now (before the consumer half writes them afresh). */
function interactionsNow(): number {
  try {
    return countInteractions(localPactFiles());
  } catch {
    return 0; // no pacts yet
  }
}

/** Which halves of the loop to run. */
export interface ContractLoopOptions {
  /** The consumer half only: cases, then `pacts/` (`deno task pact`). */
  pactOnly?: boolean;
  /** The provider's checks only, on the pacts as they are (the watch loop's provider change). */
  providerOnly?: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The provider's two checks, both run even when one fails (each finds what
 * the other misses): the pacts against the descriptions, then the replay
 * against the provider process. Resolves to whether both passed.
 */
async function providerHalf(
  providers: Promise<ProviderUnderTest>[],
  token: string,
  mark: (name: string) => void,
): Promise<boolean> {
  const [{ compareAndReport }, { verifyInParallel }, { reportVerification }] = await Promise.all([
    import("../bidirectional/report.ts"),
    import("../verify/contract/parallel.ts"),
    import("../verify/report.ts"),
  ]);
  // Both at once: the Pact core verifies on threads of its own while the comparator runs here.
  const [compared, verified] = await Promise.all([
    compareAndReport().then((result) => {
      mark("compared with the descriptions");
      return result;
    }),
    verifyInParallel({ token, parts: providers.length, startProvider: (n) => providers[n] })
      .catch((error) => error).then((outcome) => {
        mark("verified");
        return reportVerification(outcome);
      }),
  ]);
  console.log(compared.text);
  console.log(verified.text);
  return compared.agree && verified.honoured;
}

/**
 * Runs the loop (or one half of it, see `options`) and resolves to its exit
 * code: 0 when every step passed. The provider process and the temporary
 * database are removed whatever happens, on SIGINT and SIGTERM too.
 */
export async function runContractLoop(options: ContractLoopOptions = {}): Promise<number> {
  const marks = timings();
  marks.mark("script started");
  const dir = mkdtempSync(join(tmpdir(), "user-service-contract-"));
  const token = crypto.randomUUID();
  const starter = providerStarter(providerEntry(), { dir, token });
  // First, before anything heavy loads: the providers (one per part of the verification)
  // start in parallel with the consumer half.
  const providers = options.pactOnly
    ? []
    : Array.from({ length: verifyParts(process.env, interactionsNow()) }, (_, n) =>
      starter.start(n));
  void Promise.all(providers).then(() => marks.mark("provider healthy"), () => {}); // reported below
  const cleanUp = async () => {
    await Promise.allSettled(providers);
    await Promise.all([...starter.running].map((provider) => provider.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  cleanUpOnSignal(cleanUp);
  try {
    const consumerPassed = options.providerOnly ||
      await (await import("./consumer_half.ts")).consumerHalf(marks.mark);
    const ok = consumerPassed &&
      (options.pactOnly || await providerHalf(providers, token, marks.mark));
    return ok ? 0 : 1;
  } catch (error) {
    console.error(`Contract loop failed: ${messageOf(error)}`);
    return 1;
  } finally {
    await cleanUp();
    marks.mark("provider stopped");
    marks.save();
  }
}

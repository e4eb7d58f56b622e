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
import { providerEntry } from "../provider/entry.ts";
import { repoPath } from "../tooling/repo.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { cleanUpOnSignal } from "../tooling/signals.ts";
import { timings } from "../tooling/timings.ts";

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

/** Runs OrderService's contract cases; writes `pacts/` when all pass. Resolves to whether they did. */
async function consumerHalf(mark: (name: string) => void): Promise<boolean> {
  const { CONTRACT_CASES, ContractSession, PACT_DIR } = await import(
    "../consumer/contract/mod.ts"
  );
  mark("pact-js loaded");
  const { writeJUnit } = await import("../tooling/report/junit.ts");
  const { summary } = await import("../tooling/report/summary.ts");
  const session = new ContractSession(PACT_DIR, CONTRACT_CASES.length);
  for (const contractCase of CONTRACT_CASES) {
    await session.run(contractCase).catch(() => {}); // recorded in session.results
  }
  mark("consumer cases run");
  const outcome = session.finish();
  const cases = session.results.map((r) => ({
    group: "OrderService → UserService",
    name: r.name,
    ms: r.ms,
    ...(r.error !== undefined ? { failure: messageOf(r.error) } : {}),
  }));
  writeJUnit(repoPath("reports/consumer-contract.xml"), "consumer contract", cases);
  console.log(summary("Consumer contract (OrderService)", cases));
  console.log(
    "kept" in outcome
      ? `pacts/ left as it was: ${outcome.kept}`
      : `pacts/ written afresh: ${outcome.written.join(", ")}` +
        (outcome.removed.length > 0 ? `; removed ${outcome.removed.join(", ")}` : ""),
  );
  mark("pacts written");
  return !("kept" in outcome);
}

/**
 * The provider's two checks, both run even when one fails (each finds what
 * the other misses): the pacts against the descriptions, then the replay
 * against the provider process. Resolves to whether both passed.
 */
async function providerHalf(
  provider: Promise<{ url: URL }>,
  usersDb: string,
  token: string,
  mark: (name: string) => void,
): Promise<boolean> {
  const { compareAndReport } = await import(
    "../provider/verification/descriptions/report.ts"
  );
  const compared = await compareAndReport();
  mark("compared with the descriptions");
  console.log(compared.text);
  const { verifyPacts } = await import("../provider/verification/contract/verify.ts");
  const { SqliteUserStore } = await import("../provider/service/store/sqlite_user_store.ts");
  const { reportVerification } = await import("../provider/verification/report.ts");
  const { url } = await provider;
  mark("provider ready for verification");
  using store = new SqliteUserStore(usersDb);
  const outcome = await verifyPacts(url, { store, token }).catch((error) => error);
  mark("verified");
  const verified = reportVerification(outcome);
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
  const usersDb = join(dir, "users.db");
  const token = crypto.randomUUID();
  const { command, args } = providerEntry();
  // First, before anything heavy loads: the provider starts in parallel with the consumer half.
  const starting = options.pactOnly ? undefined : startProviderProcess(command, {
    args,
    env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
  });
  void starting?.then(() => marks.mark("provider healthy"), () => {}); // reported below
  const cleanUp = async () => {
    const provider = await starting?.catch(() => undefined);
    await provider?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  cleanUpOnSignal(cleanUp);
  try {
    const consumerPassed = options.providerOnly || await consumerHalf(marks.mark);
    const ok = consumerPassed &&
      (options.pactOnly || await providerHalf(starting!, usersDb, token, marks.mark));
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

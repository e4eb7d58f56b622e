/**
 * `deno task contract` / `npm run contract`: the whole contract loop in one
 * process. UserService is started first, as its own process on a free port
 * with a fresh database, and gets healthy while pact-js loads and
 * OrderService's contract cases run against the Pact mock server; when every
 * case passes, `pacts/` is written afresh, compared with UserService's OpenAPI
 * and AsyncAPI documents (`compare.ts`), and UserService is verified against
 * it in this same process (pact-js loaded once), then stopped.
 *
 * `deno task pact` / `npm run pact` pass `--pact-only`: the consumer half.
 * `--provider-only` is the other half, on the pacts as they are (the watch
 * loop runs it for a provider change).
 *
 * Each step ends in a one-screen summary and writes a JUnit report to
 * `reports/` (`consumer-contract.xml`, `bidirectional.xml`,
 * `provider-verification.xml`), one test case per interaction. The exit code
 * is the verdict.
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { providerEntry, repoPath } from "./provider_entry.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { cleanUpOnSignal } from "../tooling/signals.ts";
import { timings } from "../tooling/timings.ts";

const marks = timings();
marks.mark("script started");
const pactOnly = process.argv.includes("--pact-only");
const providerOnly = process.argv.includes("--provider-only");
const dir = mkdtempSync(join(tmpdir(), "user-service-contract-"));
const usersDb = join(dir, "users.db");
const token = crypto.randomUUID();
const { command, args } = providerEntry();
// First, before anything heavy loads: the provider starts in parallel with the consumer half.
const starting = pactOnly ? undefined : startProviderProcess(command, {
  args,
  env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
});
void starting?.then(() => marks.mark("provider healthy"), () => {}); // reported below
cleanUpOnSignal(cleanUp);

/** Stops the provider and removes the temporary folder. */
async function cleanUp(): Promise<void> {
  const provider = await starting?.catch(() => undefined);
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Runs OrderService's contract cases; writes `pacts/` when all pass. Resolves to whether they did. */
async function consumerHalf(): Promise<boolean> {
  const { CONTRACT_CASES, ContractSession, PACT_DIR } = await import(
    "../consumer/contract/mod.ts"
  );
  marks.mark("pact-js loaded");
  const { writeJUnit } = await import("../tooling/report/junit.ts");
  const { summary } = await import("../tooling/report/summary.ts");
  const session = new ContractSession(PACT_DIR, CONTRACT_CASES.length);
  for (const contractCase of CONTRACT_CASES) {
    await session.run(contractCase).catch(() => {}); // recorded in session.results
  }
  marks.mark("consumer cases run");
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
  marks.mark("pacts written");
  return !("kept" in outcome);
}

/**
 * Verifies the provider process against `pacts/`: whether it honours them,
 * and the summary to print.
 */
async function verification(): Promise<{ honoured: boolean; text: string }> {
  const { verifyPacts } = await import("../provider/verification/contract/verify.ts");
  const { SqliteUserStore } = await import("../provider/service/store/sqlite_user_store.ts");
  const { reportVerification } = await import("../provider/verification/report.ts");
  const provider = await starting!;
  marks.mark("provider ready for verification");
  using store = new SqliteUserStore(usersDb);
  const outcome = await verifyPacts(provider.url, { store, token }).catch((error) => error);
  marks.mark("verified");
  return reportVerification(outcome);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The pacts against UserService's OpenAPI and AsyncAPI documents. */
async function bidirectional(): Promise<{ agree: boolean; text: string }> {
  const { compareAndReport } = await import("./compare.ts");
  const result = await compareAndReport();
  marks.mark("compared with the descriptions");
  return result;
}

/**
 * The provider's two checks, both run even when one fails (each finds what
 * the other misses): the pacts against the descriptions, then the replay.
 * Resolves to whether both passed.
 */
async function providerHalf(): Promise<boolean> {
  const compared = await bidirectional();
  console.log(compared.text);
  const verified = await verification();
  console.log(verified.text);
  return compared.agree && verified.honoured;
}

try {
  const ok = (providerOnly || await consumerHalf()) && (pactOnly || await providerHalf());
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(`Contract loop failed: ${messageOf(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  marks.mark("provider stopped");
  marks.save();
}

/**
 * The whole contract loop in one command (`deno task contract`): the
 * consumers' Pact tests write `pacts/` afresh, UserService is verified
 * against them, and they are compared with UserService's OpenAPI and
 * AsyncAPI documents.
 *
 * The test files run in one test-runner process, in turn: the consumers'
 * tests, the step that writes `pacts/` when they all passed, then the
 * provider's verification test (pact-js loads once; `deno test` stops at
 * the first failure). The comparison runs here meanwhile. Each step ends in
 * a one-screen summary and a JUnit report in `reports/`
 * (`consumer-contract.xml`, `provider-verification.xml`, `bidirectional.xml`).
 *
 * @module
 */
import process from "node:process";
import { cleanUpOnSignal } from "../../tooling/signals.ts";
import { timings } from "../../tooling/timings.ts";
import { startTestRun } from "../hooks/test_run.ts";
import { consumerPactTests, reportPacts } from "../pacts/write_pacts.ts";
import { PACT_DIR } from "../verify/pact_files.ts";
import { trustStoreEnv } from "../verify/trust_store.ts";
import { reportVerification, VERIFICATION_TEST } from "../verify/verification.ts";
import { messageOf } from "../../tooling/error_message.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** Runs the loop; resolves to its exit code: 0 when every step passed. */
export async function runContractLoop(): Promise<number> {
  const marks = timings();
  marks.mark("script started");
  const dirTemp = temporaryDir("contract-loop-");
  const dir = dirTemp.path;
  const run = startTestRun(consumerPactTests(), {
    hooks: { pactDir: "temporary", writePactsTo: PACT_DIR, then: [VERIFICATION_TEST] },
    failFast: true,
    env: trustStoreEnv(process.env, dir, { tls: false }),
  });
  // Ctrl-C: the run stops and removes its folders, then this process its own.
  cleanUpOnSignal(async () => {
    run.stop();
    await run.done;
    dirTemp.remove();
  });
  // Loaded while the tests run: the comparison needs it once they are done.
  const comparator = import("../bidirectional/report.ts");
  comparator.catch(() => {}); // awaited below
  try {
    const { code, records } = await run.go();
    marks.mark("tests run");
    const pacts = reportPacts(records);
    console.log(pacts.text);
    if (!pacts.passed) return 1;
    const compared = await (await comparator).compareAndReport();
    marks.mark("compared with the descriptions");
    const verified = reportVerification(records, { exitCode: code });
    console.log(compared.text);
    console.log(verified.text);
    return compared.agree && verified.honoured ? 0 : 1;
  } catch (error) {
    run.stop();
    console.error(`Contract loop failed: ${messageOf(error)}`);
    return 1;
  } finally {
    dirTemp.remove();
    marks.save();
  }
}

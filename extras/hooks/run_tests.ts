/**
 * The one test module through which the extras run Pact test files: it
 * hooks pact-js as `PACT_EXTRAS` says (`config.ts`), then imports the test
 * files it names, whose tests register as they load (then, when asked, a
 * test that writes `pacts/` afresh, and the test files to run after it: the
 * verification). All of them share this
 * one module, so pact-js loads once (`deno test` gives each test module an
 * isolate of its own: two test files given to it as they are load pact-js
 * twice, 1.4 s against 0.8 here). A run started ahead of time loads pact-js
 * first, then waits for a line on stdin, and only then imports the files:
 * it runs them as they are on disk then.
 *
 * Run as `deno test extras/hooks/run_tests.ts` or `node extras/hooks/run_tests.ts`
 * (see `test_run.ts`).
 *
 * @module
 */
import { resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { endRun, waitForGo } from "../../tooling/go_signal.ts";
import { messageOf } from "../../tooling/error_message.ts";
import { hooksConfig } from "./config.ts";
import { installHooks } from "./install.ts";

const config = hooksConfig();
// A consumer run started ahead: the Pact core gets ready while it waits, not after go.
if (config.waitForGo === true && config.pactDir) {
  const { warmUpPactCore } = await import("./warm_up.ts");
  // Only a head start: the tests run without it, and say what is wrong if the core is.
  await warmUpPactCore().catch((error) =>
    console.error(`The Pact core's warm-up failed: ${messageOf(error)}`)
  );
}
await installHooks(config);
// Held here, before the test files are imported (held at verifyProvider instead: verifier.ts).
if (config.waitForGo === true) await waitForGo(process.ppid, endRun);
for (const file of config.files ?? []) await import(pathToFileURL(resolve(file)).href);
if (config.writePactsTo) {
  const { pactWritingTest } = await import("../pacts/write_step.ts");
  pactWritingTest(config);
}
for (const file of config.then ?? []) await import(pathToFileURL(resolve(file)).href);

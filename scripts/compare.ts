/**
 * `deno task compare` / `npm run compare`: the bi-directional check. Every
 * pact in `pacts/` is compared with UserService's OpenAPI document (its HTTP
 * interactions) and AsyncAPI document (its messages) by PactFlow's open-source
 * comparator, with no provider running. Prints each finding on one line
 * (interaction, location in the pact, what differs), writes
 * `reports/bidirectional.xml`, and fails on any error.
 *
 * @module
 */
import process from "node:process";
import { compareWithDescriptions } from "../provider/verification/descriptions/compare.ts";
import { localPactFiles } from "../provider/verification/contract/pact_files.ts";
import { repoPath } from "./provider_entry.ts";
import { comparisonCases } from "../provider/verification/descriptions/report.ts";
import { writeJUnit } from "../tooling/report/junit.ts";
import { summary } from "../tooling/report/summary.ts";

/**
 * Runs the check and writes its report; resolves to whether the pacts agree
 * with the documents, and the text to print (warnings, then the summary).
 */
export async function compareAndReport(
  paths: readonly string[] = localPactFiles(),
): Promise<{ agree: boolean; text: string }> {
  const started = performance.now();
  const findings = await compareWithDescriptions(paths);
  const ms = performance.now() - started;
  const cases = comparisonCases(paths, findings);
  writeJUnit(repoPath("reports/bidirectional.xml"), "bi-directional check", cases);
  const lines = findings.filter((f) => f.type === "warning").map((warning) =>
    `  warning: ${warning.interaction}: ${warning.location}: ${warning.message}`
  );
  lines.push(
    summary(`Pacts against UserService's OpenAPI and AsyncAPI (${ms.toFixed(0)} ms)`, cases),
  );
  return { agree: cases.every((c) => c.failure === undefined), text: lines.join("\n") };
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  try {
    const { agree, text } = await compareAndReport();
    console.log(text);
    process.exitCode = agree ? 0 : 1;
  } catch (error) {
    console.error(`Bi-directional check failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}

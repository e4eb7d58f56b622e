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
import { compareWithDescriptions } from "../provider/api/compare.ts";
import { localPactFiles } from "../provider/contract/pact_files.ts";
import { repoPath } from "./provider_entry.ts";
import { comparisonCases } from "./report/comparison.ts";
import { writeJUnit } from "./report/junit.ts";
import { summary } from "./report/summary.ts";

/** Runs the check, reports it, and resolves to whether the pacts agree with the documents. */
export async function compareAndReport(
  paths: readonly string[] = localPactFiles(),
): Promise<boolean> {
  const started = performance.now();
  const findings = await compareWithDescriptions(paths);
  const ms = performance.now() - started;
  const cases = comparisonCases(paths, findings);
  writeJUnit(repoPath("reports/bidirectional.xml"), "bi-directional check", cases);
  for (const warning of findings.filter((f) => f.type === "warning")) {
    console.log(`  warning: ${warning.interaction}: ${warning.location}: ${warning.message}`);
  }
  console.log(
    summary(`Pacts against UserService's OpenAPI and AsyncAPI (${ms.toFixed(0)} ms)`, cases),
  );
  return cases.every((c) => c.failure === undefined);
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  try {
    process.exitCode = await compareAndReport() ? 0 : 1;
  } catch (error) {
    console.error(`Bi-directional check failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}

import { readFileSync } from "node:fs";
import { repoPath } from "../../tooling/repo.ts";
import { type ReportCase, writeJUnit } from "../reports/junit.ts";
import { summary } from "../reports/summary.ts";
import { localPactFiles } from "../verify/pact_files.ts";
import { type Comparison, comparison, type Finding, interactionsOf } from "./compare.ts";

/**
 * The report cases of a bi-directional check: one per interaction of each
 * pact at `paths`, failed by its errors (warnings are listed, not failed),
 * and one per error that names no interaction.
 */
export function comparisonCases(
  paths: readonly string[],
  findings: readonly Finding[],
): ReportCase[] {
  const cases: ReportCase[] = [];
  const described = new Set<string>();
  for (const path of paths) {
    const pact = JSON.parse(readFileSync(path, "utf8"));
    const group = `${pact.consumer?.name ?? "?"} → UserService's OpenAPI and AsyncAPI`;
    for (const interaction of interactionsOf(pact)) {
      described.add(interaction);
      const errors = findings.filter((f) => f.type === "error" && f.interaction === interaction);
      cases.push({
        group,
        name: interaction,
        ms: 0,
        ...(errors.length > 0
          ? { failure: errors.map((f) => `${f.location}: ${f.message}`).join("\n") }
          : {}),
      });
    }
  }
  for (const f of findings) {
    if (f.type === "error" && !described.has(f.interaction)) {
      cases.push({
        group: f.consumer,
        name: f.interaction,
        ms: 0,
        failure: `${f.location}: ${f.message}`,
      });
    }
  }
  return cases;
}

/**
 * Runs the check and writes its report; resolves to whether the pacts agree
 * with the documents, and the text to print (warnings, then the summary).
 */
export async function compareAndReport(
  paths: readonly string[] = localPactFiles(),
  compare: Comparison = comparison(),
): Promise<{ agree: boolean; text: string }> {
  const started = performance.now();
  const findings = await compare(paths);
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

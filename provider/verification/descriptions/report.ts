import { readFileSync } from "node:fs";
import { type Finding, interactionsOf } from "./compare.ts";
import type { ReportCase } from "../../../tooling/report/junit.ts";

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

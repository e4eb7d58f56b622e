import type { ReportCase } from "./junit.ts";

/**
 * The one-screen end of a run: `title: N passed, M failed`, then one line
 * per failure (`✗ <case>: <first line of the failure>`).
 */
export function summary(title: string, cases: readonly ReportCase[]): string {
  const failed = cases.filter((c) => c.failure !== undefined);
  const lines = [`${title}: ${cases.length - failed.length} passed, ${failed.length} failed`];
  for (const c of failed) {
    for (const line of (c.failure ?? "").split("\n").filter(Boolean)) {
      lines.push(`  ✗ ${c.name}: ${line}`);
    }
  }
  return lines.join("\n");
}

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** One test case of a JUnit report. */
export interface ReportCase {
  /** The group it belongs to, e.g. the consumer–provider pair. */
  group: string;
  /** The case, e.g. the interaction's description. */
  name: string;
  /** Milliseconds; 0 when unknown. */
  ms: number;
  /** Why it failed, one or more lines; absent when it passed. */
  failure?: string;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    // XML 1.0 allows no other control characters, not even escaped.
    // deno-lint-ignore no-control-regex -- matching them is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

/**
 * A JUnit XML report of `cases` named `suite`, with a test suite of its own
 * for each group (each consumer–provider pair), in the order the groups
 * first come: the format CI pages display (GitHub Actions through a reporter
 * action, GitLab, Jenkins).
 *
 * @example
 * ```ts
 * junitXml("provider verification", [{ group: "OrderService", name: "a request for user 1", ms: 12 }]);
 * ```
 */
export function junitXml(suite: string, cases: readonly ReportCase[]): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const counts = (of: readonly ReportCase[]) =>
    `tests="${of.length}" failures="${of.filter((c) => c.failure !== undefined).length}"`;
  const time = (of: readonly ReportCase[]) =>
    `time="${seconds(of.reduce((sum, c) => sum + c.ms, 0))}"`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${escape(suite)}" ${counts(cases)} ${time(cases)}>`,
  ];
  for (const group of new Set(cases.map((c) => c.group))) {
    const mine = cases.filter((c) => c.group === group);
    lines.push(
      `  <testsuite name="${escape(group)}" ${counts(mine)} errors="0" skipped="0" ${time(mine)}>`,
    );
    for (const c of mine) {
      const open = `    <testcase classname="${escape(c.group)}" name="${escape(c.name)}" time="${
        seconds(c.ms)
      }"`;
      if (c.failure === undefined) {
        lines.push(`${open}/>`);
      } else {
        const first = c.failure.split("\n")[0];
        lines.push(
          `${open}>`,
          `      <failure message="${escape(first)}">${escape(c.failure)}</failure>`,
          `    </testcase>`,
        );
      }
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`, ``);
  return lines.join("\n");
}

/** Writes {@linkcode junitXml} to `path`, creating its folder. */
export function writeJUnit(path: string, suite: string, cases: readonly ReportCase[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, junitXml(suite, cases));
}

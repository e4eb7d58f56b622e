/**
 * `deno task pact` / `npm run pact`: every consumer's Pact tests, run by the
 * test runner with their pacts written to a folder of the run's own; when
 * every interaction passed, those files replace the consumers' pacts in
 * `pacts/` (`write_step.ts`). So `pacts/` is written afresh: an interaction
 * whose test was removed disappears, and a failed run leaves `pacts/` as it
 * was.
 *
 * @module
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { repoPath } from "../../tooling/repo.ts";
import type { ConsumerRecord, HookRecord, PactsRecord } from "../hooks/results.ts";
import { startTestRun, type TestRunOptions } from "../hooks/test_run.ts";
import { cleanUpOnSignal } from "../../tooling/signals.ts";
import type { ReportCase } from "../reports/junit.ts";
import { writeJUnit } from "../reports/junit.ts";
import { summary } from "../reports/summary.ts";
import { PACT_DIR } from "../verify/pact_files.ts";

/** Folders never searched for consumers' tests. */
const SKIPPED = new Set([
  "node_modules",
  "provider",
  "extras",
  "pacts",
  "reports",
  "dist",
  "bench",
]);

/**
 * The consumers' Pact test files (`*.pact_test.ts`) under `root`, relative
 * to it, sorted: a consumer's tests live in its own top-level folder.
 */
export function consumerPactTests(root: string = repoPath("")): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) =>
      entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith(".")
    )
    .flatMap((folder) =>
      readdirSync(join(root, folder.name), { recursive: true, encoding: "utf8" })
        .filter((path) => path.endsWith(".pact_test.ts"))
        .map((path) => join(folder.name, path))
    )
    .sort();
}

/** How the consumers' tests went, and what became of `pacts/`. */
export interface PactsReport {
  passed: boolean;
  /** One report case per interaction a test ran. */
  cases: ReportCase[];
  /** One line per consumer, then what became of `pacts/`. */
  text: string;
}

/**
 * The consumers' part of a run's records: a summary per consumer and what
 * became of `pacts/` (written to `reports/consumer-contract.xml` as JUnit).
 */
export function reportPacts(
  records: readonly HookRecord[],
  options: { pactDir?: string; junit?: string } = {},
): PactsReport {
  const pactDir = options.pactDir ?? PACT_DIR;
  const ran = records.filter((r): r is ConsumerRecord => r.kind === "consumer");
  const cases: ReportCase[] = ran.map((r) => ({
    group: `${r.consumer} → ${r.provider}`,
    name: r.description,
    ms: r.ms,
    ...(r.failure !== undefined ? { failure: r.failure } : {}),
  }));
  writeJUnit(options.junit ?? repoPath("reports/consumer-contract.xml"), "consumer pacts", cases);
  const consumers = [...new Set(ran.map((r) => r.consumer))].sort();
  const lines = consumers.map((consumer) =>
    summary(
      `Consumer pacts (${consumer})`,
      cases.filter((c) => c.group.startsWith(`${consumer} →`)),
    )
  );
  const pacts = records.find((r): r is PactsRecord => r.kind === "pacts");
  const inRepo = relative(repoPath(""), pactDir);
  const where = `${inRepo.startsWith("..") ? pactDir : inRepo || "."}/`;
  if (!pacts || pacts.kept !== undefined) {
    lines.push(`${where} left as it was: ${pacts?.kept ?? "the consumers' tests failed"}`);
  } else {
    lines.push(
      `${where} written afresh: ${pacts.written.join(", ")}` +
        (pacts.removed.length > 0 ? `; removed ${pacts.removed.join(", ")}` : ""),
    );
  }
  return {
    passed: pacts !== undefined && pacts.kept === undefined,
    cases,
    text: lines.join("\n"),
  };
}

/** Options of {@linkcode writePacts}. */
export interface WritePactsOptions {
  /** The test files; default: every consumer's ({@linkcode consumerPactTests}). */
  files?: readonly string[];
  /** Where the pacts go; default `pacts/`. */
  pactDir?: string;
  /** The runner's output (default: passed through). */
  output?: TestRunOptions["output"];
  /** The copy of the repository to run in (default: this one). */
  root?: string;
  /** Where the JUnit report goes; default `reports/consumer-contract.xml`. */
  junit?: string;
  /**
   * For a task's own run: SIGINT and SIGTERM stop the tests, wait for them to
   * clean up, and end this process (130 or 143).
   */
  stopOnSignal?: boolean;
}

/** Runs the consumers' Pact tests and writes `pacts/` afresh when they all pass. */
export async function writePacts(options: WritePactsOptions = {}): Promise<PactsReport> {
  const pactDir = options.pactDir ?? PACT_DIR;
  const run = startTestRun(options.files ?? consumerPactTests(options.root), {
    hooks: { pactDir: "temporary", writePactsTo: pactDir },
    failFast: true,
    output: options.output,
    root: options.root,
  });
  if (options.stopOnSignal) {
    cleanUpOnSignal(async () => {
      run.stop();
      await run.done;
    });
  }
  const { code, records } = await run.go();
  const report = reportPacts(records, { pactDir, junit: options.junit });
  return { ...report, passed: report.passed && code === 0 };
}

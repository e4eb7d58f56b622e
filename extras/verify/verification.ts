/**
 * The provider's verification test (`provider/pact_verification_test.ts`)
 * run by the test runner with the hooks: in one part, or in one part per
 * core for a large pact, each a process of its own with a provider of its
 * own; optionally against another provider (`target`) or pacts from a Pact
 * Broker. Its outcome is every interaction's result, for the summary and the
 * JUnit report.
 *
 * @module
 */
import process from "node:process";
import { repoPath } from "../../tooling/repo.ts";
import type { VerificationTarget } from "../hooks/config.ts";
import type { HookRecord } from "../hooks/results.ts";
import { startTestRun, type TestRunOptions } from "../hooks/test_run.ts";
import type { ReportCase } from "../reports/junit.ts";
import { writeJUnit } from "../reports/junit.ts";
import { summary } from "../reports/summary.ts";
import { localPactFiles, PROVIDER_NAME } from "./pact_files.ts";
import { descriptionsIn, verifyParts } from "./parts.ts";
import { trustStoreEnv } from "./trust_store.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** The provider's verification test. */
export const VERIFICATION_TEST = "provider/pact_verification_test.ts";

/** Options of {@linkcode startVerification}. */
export interface VerificationOptions {
  /** Verify this provider instead of the one the test starts. */
  target?: VerificationTarget;
  /** The pacts come from the Pact Broker in the environment. */
  broker?: boolean;
  /** The local pact files instead of `pacts/` (a benchmark's). */
  pactUrls?: string[];
  /** How many parts; default by the number of interactions ({@linkcode verifyParts}). */
  parts?: number;
  /**
   * Start now, verify at `go()`: pact-js loads meanwhile; `"verify"`: the
   * test runs up to the verification meanwhile, its UserService started
   * (primed: valid while no provider file changes).
   */
  ahead?: boolean | "verify";
  /** The runner's output (default: passed through). */
  output?: TestRunOptions["output"];
  /** Environment added to the verifying processes' (a broker's, a CI's). */
  env?: Record<string, string | undefined>;
  /** Each part in a process group of its own (see {@linkcode TestRunOptions.group}). */
  group?: boolean;
  /** Where the JUnit report goes; default `reports/provider-verification.xml`. */
  junit?: string;
}

/** How a verification went. */
export interface VerificationResult {
  honoured: boolean;
  /** One per interaction, and one per failure no interaction owns. */
  cases: ReportCase[];
  /** `Provider verification (UserService): …`, one line per failure. */
  text: string;
}

/** The report cases of what the hooks recorded. */
export function verificationCases(records: readonly HookRecord[]): ReportCase[] {
  const cases: ReportCase[] = [];
  for (const r of records) {
    if (r.kind === "verified") {
      cases.push({
        group: `${r.consumer} → ${r.provider}`,
        name: r.description,
        ms: r.ms,
        ...(r.failure !== undefined ? { failure: r.failure } : {}),
      });
    } else if (r.kind === "verification failed") {
      cases.push({ group: r.provider, name: "verification", ms: 0, failure: r.failure });
    }
  }
  return cases;
}

/**
 * The verification's part of a run's records: a summary, and every
 * interaction in `reports/provider-verification.xml` (or `options.junit`).
 * A run that failed (`exitCode`) with no failure recorded fails as a whole.
 */
export function reportVerification(
  records: readonly HookRecord[],
  options: { exitCode?: number | null; junit?: string } = {},
): VerificationResult {
  const cases = verificationCases(records);
  const runFailed = options.exitCode !== undefined && options.exitCode !== 0;
  if (runFailed && !cases.some((c) => c.failure !== undefined)) {
    cases.push({
      group: PROVIDER_NAME,
      name: "verification",
      ms: 0,
      failure: `the verification test failed (exit code ${options.exitCode})`,
    });
  }
  writeJUnit(
    options.junit ?? repoPath("reports/provider-verification.xml"),
    "provider verification",
    cases,
  );
  return {
    honoured: !runFailed && cases.length > 0 && cases.every((c) => c.failure === undefined),
    cases,
    text: verificationSummary(cases),
  };
}

/**
 * `Provider verification (UserService): N passed, M failed`, then a line per
 * consumer with its own counts and, under it, one line per failure of its
 * interactions; failures no interaction owns come first.
 */
export function verificationSummary(cases: readonly ReportCase[]): string {
  const [total] = summary(`Provider verification (${PROVIDER_NAME})`, cases).split("\n");
  // Failures of the verification as a whole, under the total: their lines alone.
  const loose = summary("", cases.filter((c) => !c.group.includes(" → "))).split("\n").slice(1);
  const lines = [total, ...loose];
  const consumers = [...new Set(cases.filter((c) => c.group.includes(" → ")).map((c) => c.group))];
  for (const group of consumers.sort()) {
    const consumer = group.split(" → ")[0];
    const [own, ...failures] = summary(consumer, cases.filter((c) => c.group === group)).split(
      "\n",
    );
    lines.push(`  ${own}`, ...failures.map((line) => `  ${line}`));
  }
  return lines.join("\n");
}

/** A verification under way; `stop()` ends it early. */
export interface Verification {
  go(): Promise<VerificationResult>;
  stop(): void;
  /** Resolves when every part has ended, told to go or not. */
  readonly done: Promise<unknown>;
}

/**
 * Starts the verification test as `options` say, in parts when the pacts
 * are large; the local pacts are counted now, so a run started ahead gets
 * the parts of the pacts as they are now.
 */
export function startVerification(options: VerificationOptions = {}): Verification {
  const dirTemp = temporaryDir("user-service-verification-");
  const dir = dirTemp.path;
  let local: string[] = [];
  try {
    local = options.broker ? [] : options.pactUrls ?? localPactFiles();
  } catch {
    // no pacts yet: the consumers' tests write them
  }
  const parts = options.broker || options.target
    ? 1
    : options.parts ?? verifyParts(process.env, descriptionsIn(local).length);
  const tls = options.broker === true || options.target?.providerBaseUrl.startsWith("https:");
  const env = { ...options.env, ...trustStoreEnv(process.env, dir, { tls: tls === true }) };
  const runs = Array.from({ length: parts }, (_, index) =>
    startTestRun([VERIFICATION_TEST], {
      ahead: options.ahead,
      group: options.group,
      // A provider found running, or the broker, may be anywhere on the network.
      anyHost: options.target !== undefined || options.broker === true,
      env,
      output: options.output,
      hooks: {
        ...(options.target ? { target: options.target } : {}),
        ...(options.broker ? { broker: true } : {}),
        ...(options.pactUrls ? { pactUrls: options.pactUrls } : {}),
        ...(parts > 1 ? { part: { index, of: parts } } : {}),
      },
    }));
  const done = Promise.allSettled(runs.map((run) => run.done)).then(() => dirTemp.remove());
  return {
    done,
    async go() {
      const outcomes = await Promise.all(runs.map((run) => run.go()));
      const failed = outcomes.find((o) => o.code !== 0);
      return reportVerification(outcomes.flatMap((o) => o.records), {
        exitCode: failed?.code,
        junit: options.junit,
      });
    },
    stop() {
      for (const run of runs) run.stop();
    },
  };
}

/** Runs the verification (see {@linkcode startVerification}). */
export function verify(
  options: Omit<VerificationOptions, "ahead"> = {},
): Promise<VerificationResult> {
  return startVerification(options).go();
}

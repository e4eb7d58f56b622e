/**
 * Runs Pact test files with their runtime's test runner (`deno test` on
 * Deno, `node:test` on Node) through `run_tests.ts`, with the hooks
 * configured: the one way every extra runs the example's test files.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { createInterface } from "node:readline";
import { repoPath } from "../../tooling/repo.ts";
import { type Command, denoToolFlags } from "../../tooling/runtime.ts";
import { signal } from "../../tooling/spawn_ready.ts";
import { type HooksConfig, hooksEnv } from "./config.ts";
import { type HookRecord, readRecords } from "./results.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** How long a run let go unused, or stopped, has to clean up and exit before it is ended. */
const STOP_GRACE_MS = 5_000;

/** Options of {@linkcode startTestRun}. */
export interface TestRunOptions {
  /** What the hooks do (their `results` file is the run's own). */
  hooks?: Omit<HooksConfig, "files" | "results" | "waitForGo" | "refuseVerification">;
  /** Where the runner writes its JUnit report. */
  junit?: string;
  /** Environment added to this process's own. */
  env?: Record<string, string | undefined>;
  /**
   * The runner's output: passed through (default), dropped, or line by line
   * (its standard error too: `stream` says which).
   */
  output?: "inherit" | "ignore" | ((line: string, stream: "stdout" | "stderr") => void);
  /**
   * Start now, run the tests only at {@linkcode TestRun.go} (pact-js is
   * loaded meanwhile); `"verify"`: run them up to pact-js's `verifyProvider`
   * meanwhile, and verify only at `go` ({@linkcode HooksConfig.waitForGo}).
   */
  ahead?: boolean | "verify";
  /**
   * In a process group of its own, which `stop()` ends whole (the providers
   * the tests started too); not signalled by a Ctrl-C meant for the caller.
   */
  group?: boolean;
  /** Stop at the first failing test (`deno test --fail-fast`; Node has no such flag). */
  failFast?: boolean;
  /** The copy of the repository whose runner to use (default: this one). */
  root?: string;
  /**
   * Network access beyond this machine's loopback names, which is all the
   * `tools` permission set grants: a provider, database or broker elsewhere.
   */
  anyHost?: boolean;
}

/** How a test run ended: the runner's exit code, and what the hooks recorded. */
export interface TestRunOutcome {
  code: number | null;
  records: HookRecord[];
}

/** A test run under way. */
export interface TestRun {
  /** Lets a run started ahead begin; resolves when the run has ended. */
  go(): Promise<TestRunOutcome>;
  /** Ends the run now (SIGTERM), if it still runs. */
  stop(): void;
  /** Resolves when the run has ended, told to go or not. */
  readonly done: Promise<TestRunOutcome>;
  /** Its process id. */
  readonly pid: number | undefined;
}

/**
 * The command that runs `extras/hooks/run_tests.ts` (which runs the test
 * files its configuration names) under this runtime's test runner.
 */
export function testCommand(
  options: { junit?: string; root?: string; failFast?: boolean; anyHost?: boolean } = {},
): Command {
  const runner = join(options.root ?? repoPath(""), "extras/hooks/run_tests.ts");
  if ("Deno" in globalThis) {
    return {
      command: process.execPath,
      args: [
        "test",
        ...denoToolFlags(options.root),
        ...(options.anyHost ? ["--allow-net"] : []),
        "--no-check",
        ...(options.failFast ? ["--fail-fast"] : []),
        ...(options.junit ? [`--junit-path=${options.junit}`] : []),
        runner,
      ],
    };
  }
  return {
    command: process.execPath,
    args: [
      // pact-js's proxy depends on http-proxy, which calls util._extend: a warning on every run
      // that no user of this repository can act on (http-party/node-http-proxy#1674).
      "--disable-warning=DEP0060",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      ...(options.junit
        ? ["--test-reporter=junit", `--test-reporter-destination=${options.junit}`]
        : []),
      runner,
    ],
  };
}

/**
 * Starts the test runner on `files` with the hooks as `options.hooks` says.
 * Their records are read when it ends, and their file removed. Its temporary
 * files (`TMPDIR`, unless `options.env` names one) go to a folder of the
 * run's own, removed when it ends: also what a test that was stopped, its
 * `finally` never run, leaves behind.
 *
 * @example
 * ```ts
 * const { code, records } = await startTestRun(["consumer/user_service.pact_test.ts"], {
 *   hooks: { pactDir: "/tmp/pacts" },
 * }).go();
 * ```
 */
export function startTestRun(files: readonly string[], options: TestRunOptions = {}): TestRun {
  const dirTemp = temporaryDir("pact-test-run-");
  const dir = dirTemp.path;
  const results = join(dir, "results.jsonl");
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  const { command, args } = testCommand(options);
  const hooks: HooksConfig = {
    ...options.hooks,
    files: [...files],
    results,
    waitForGo: options.ahead,
  };
  const output = options.output ?? "inherit";
  const child = spawn(command, args, {
    cwd: options.root ?? repoPath(""),
    env: {
      ...process.env,
      // Set by `node --test` for the test files it runs: a run started from one of them would
      // report to it in its own protocol instead of to this process's reader.
      NODE_TEST_CONTEXT: undefined,
      PACT_DO_NOT_TRACK: "true",
      TMPDIR: tmp,
      ...options.env,
      ...hooksEnv(hooks),
    },
    stdio: [
      options.ahead ? "pipe" : "ignore",
      typeof output === "function" ? "pipe" : output,
      typeof output === "function" ? "pipe" : "inherit",
    ],
    detached: options.group === true,
  });
  if (typeof output === "function") {
    for (const stream of ["stdout", "stderr"] as const) {
      createInterface({ input: child[stream]! }).on("line", (line) => output(line, stream));
    }
  }
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const ended = exited.then((code) => {
    try {
      return { code, records: readRecords(results) };
    } finally {
      dirTemp.remove();
    }
  });
  // A run that ended early closes its end of the pipe: writing "go" to it then is no error.
  child.stdin?.on("error", () => {});
  let told = false;
  const running = () =>
    child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  // SIGTERM, then SIGKILL for what is still running after the grace.
  const terminate = () => {
    if (!running()) return;
    const target = options.group ? -child.pid! : child.pid!;
    signal(target, "SIGTERM");
    const kill = setTimeout(() => running() && signal(target, "SIGKILL"), STOP_GRACE_MS);
    kill.unref();
    void ended.finally(() => clearTimeout(kill));
  };
  return {
    pid: child.pid,
    done: ended,
    go() {
      told = true;
      if (options.ahead) child.stdin!.end("go\n");
      return ended;
    },
    stop() {
      if (!options.ahead || told) return terminate();
      // Not told to go: let it go by ending its stdin, so that it cleans up what it holds (a
      // primed verification its UserService and folder); ended for it if it has not in time.
      told = true;
      child.stdin!.end();
      const grace = setTimeout(terminate, STOP_GRACE_MS);
      grace.unref();
      void ended.finally(() => clearTimeout(grace));
    },
  };
}

/** Runs the test runner on `files` (see {@linkcode startTestRun}); resolves when it has ended. */
export function runTests(
  files: readonly string[],
  options: Omit<TestRunOptions, "ahead"> = {},
): Promise<TestRunOutcome> {
  return startTestRun(files, options).go();
}

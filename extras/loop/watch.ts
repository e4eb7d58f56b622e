/**
 * The contract loop in watch mode (`deno task dev` / `npm run dev`), kept
 * warm between runs. It runs the whole loop once, then watches the
 * consumers' folders and `provider/`:
 *
 * - a consumer change runs the consumers' Pact tests as they now are, which
 *   write `pacts/` afresh; then the pacts are compared with UserService's
 *   descriptions and UserService is verified against them, both at once (a
 *   passing verification stands while neither the pacts nor the provider
 *   changed);
 * - a provider change runs the verification test again; the bi-directional
 *   check runs again only when its inputs (the pacts,
 *   `provider/service/api/*.json`) changed.
 *
 * Each test run is a process started ahead of time (`extras/hooks/run_tests.ts`):
 * it has pact-js loaded and waits; told to go, it imports the test files as
 * they are on disk then. A second verification is primed ahead for consumer
 * changes: its test has run up to the verification, UserService started,
 * and verifies the pacts as they are once told to go; a provider change
 * makes it stale, and it is let go unused. Once a run ends, the next ones
 * are started. The comparator stays loaded here. Changes close together start one run; a
 * change during a run starts one more after it. Each run ends in `── run N:
 * passed in X s …` or `── run N: FAILED in X s …`. Ctrl-C stops everything
 * it started; what it started notices when the loop is killed outright.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync, watch } from "node:fs";
import process from "node:process";
import { repoPath } from "../../tooling/repo.ts";
import { startTestRun, type TestRun } from "../hooks/test_run.ts";
import { consumerPactTests, reportPacts } from "../pacts/write_pacts.ts";
import { type Comparison, comparison } from "../bidirectional/compare.ts";
import { compareAndReport } from "../bidirectional/report.ts";
import { localPactFiles, PACT_DIR } from "../verify/pact_files.ts";
import { startVerification, type Verification } from "../verify/verification.ts";
import { type RunKind, runKindFor, RunScheduler } from "./dev_scheduler.ts";
import { messageOf } from "../../tooling/error_message.ts";

/** Quiet time after a change before its run starts: an editor's save and a formatter's are one. */
const DEBOUNCE_MS = 5;

/** A hash of the contents of the files at `paths`: a check runs again only when its inputs' hash changes. */
function hashOf(paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest("hex");
}

function descriptionFiles(): string[] {
  return ["openapi.json", "asyncapi.json"].map((name) => repoPath(`provider/service/api/${name}`));
}

/** The documents as they are on disk now. */
function descriptionsNow() {
  const [oas, asyncapi] = descriptionFiles().map((path) => JSON.parse(readFileSync(path, "utf8")));
  return { oas, asyncapi };
}

/** The folders the loop watches: each consumer's (where its Pact tests are), and `provider/`. */
function watchedFolders(): string[] {
  const consumers = consumerPactTests().map((file) => file.split(/[\\/]/)[0]);
  return [...new Set([...consumers, "provider"])];
}

/**
 * Runs the watch loop until SIGINT or SIGTERM; resolves then, with
 * everything it started stopped, to the exit code 0. A run in progress is
 * abandoned: its processes are stopped.
 */
export async function watchContracts(): Promise<number> {
  /** Every run started and not yet ended: stopped with the loop. */
  const live = new Set<{ stop(): void; done: Promise<unknown> }>();
  function kept<T extends { stop(): void; done: Promise<unknown> }>(started: T): T {
    live.add(started);
    void started.done.finally(() => live.delete(started));
    return started;
  }
  // Each in a process group of its own, which stopping it ends: its provider process too.
  const startConsumers = () =>
    kept(startTestRun(consumerPactTests(), {
      ahead: true,
      failFast: true,
      group: true,
      hooks: { pactDir: "temporary", writePactsTo: PACT_DIR },
    }));
  const startVerifying = () => kept(startVerification({ ahead: true, group: true }));
  /** Counts the provider changes: a passing verification holds for one generation. */
  let generation = 0;
  const startPrimed = () => {
    // Its output, standard error too, is held until it goes, and dropped if it is let go unused
    // (its test then fails, and deno test says so on standard error).
    const held: [string, "stdout" | "stderr"][] = [];
    let going = false;
    let letGo = false;
    const print = (line: string, stream: "stdout" | "stderr") =>
      stream === "stdout" ? console.log(line) : console.error(line);
    const run = kept(startVerification({
      ahead: "verify",
      group: true,
      output: (line, stream) => going ? print(line, stream) : held.push([line, stream]),
    }));
    const primed = {
      generation,
      ended: false, // on its own (its UserService would not start, say): not to be used
      stop: () => {
        letGo = true;
        run.stop();
      },
      go: () => {
        going = true;
        for (const [line, stream] of held.splice(0)) print(line, stream);
        return run.go();
      },
    };
    void run.done.finally(() => {
      primed.ended = true;
      if (going || letGo || stopped) return;
      // It ended on its own (its UserService would not start, say): what it printed says why.
      console.error("The verification primed for the next run ended on its own:");
      for (const [line, stream] of held.splice(0)) print(line, stream);
    });
    return primed;
  };
  let consumers: TestRun | undefined = startConsumers();
  let verification: Verification | undefined = startVerifying();
  /** The primed verification, for a run with the provider as it was when it started. */
  let primed: ReturnType<typeof startPrimed> | undefined = startPrimed();
  let lastPassed: { inputs: string; text: string } | undefined;
  let lastCompare: { inputs: string; agree: boolean; text: string } | undefined;
  // The comparator, kept while the documents stay the same: it compiles their schemas once.
  let comparator: { documents: string; compare: Comparison } | undefined;
  let runs = 0;
  let stopped = false;

  /** The verification, or the last one's passing result when neither the pacts nor the provider changed. */
  async function verifyIfChanged(pacts: string) {
    const inputs = `${generation}:${pacts}`;
    if (lastPassed?.inputs === inputs) {
      // The note goes on the summary's first line, above the lines per consumer.
      const [total, ...perConsumer] = lastPassed.text.split("\n");
      const text = [`${total} (pacts and provider unchanged)`, ...perConsumer].join("\n");
      return { honoured: true, text };
    }
    let running: Pick<Verification, "go">;
    if (primed && primed.generation === generation && !primed.ended) {
      running = primed;
      primed = undefined; // it runs once
    } else {
      running = verification!;
      verification = undefined;
    }
    const verified = await running.go();
    lastPassed = verified.honoured ? { inputs, text: verified.text } : undefined;
    return verified;
  }

  /** The bi-directional check here, or its last result when its inputs did not change. */
  async function compareIfChanged(pacts: string) {
    const inputs = `${pacts}:${hashOf(descriptionFiles())}`;
    if (lastCompare?.inputs === inputs) {
      return { agree: lastCompare.agree, text: `${lastCompare.text} (inputs unchanged)` };
    }
    const documents = descriptionFiles().map((path) => readFileSync(path, "utf8")).join("\n");
    if (comparator?.documents !== documents) {
      comparator = { documents, compare: comparison(descriptionsNow()) };
    }
    const result = await compareAndReport(localPactFiles(), comparator.compare);
    lastCompare = { inputs, ...result };
    return result;
  }

  /** The consumers' tests in the run started ahead; resolves to whether they wrote `pacts/`. */
  async function consumerRun(): Promise<boolean> {
    const running = consumers!;
    consumers = undefined; // it runs once
    const { code, records } = await running.go();
    const report = reportPacts(records);
    console.log(report.text);
    return report.passed && code === 0;
  }

  async function run(kind: RunKind, files: readonly string[]): Promise<void> {
    const number = ++runs;
    const started = performance.now();
    const why = files.length > 0 ? `${files.join(", ")} changed` : "first run";
    const what = kind === "contract"
      ? "consumer contract, then the provider's checks"
      : "the provider's checks";
    console.log(`\n── run ${number}: ${what} (${why}) ──`);
    if (files.some((file) => file.startsWith("provider/"))) {
      generation++;
      primed?.stop(); // its UserService, modules and documents are the provider as it was
      primed = undefined;
    }
    let ok: boolean;
    try {
      if (kind === "contract" && !await consumerRun()) {
        ok = false;
      } else {
        const pacts = hashOf(localPactFiles()); // as the consumers' tests left them
        const [compared, verified] = await Promise.all([
          compareIfChanged(pacts),
          verifyIfChanged(pacts),
        ]);
        console.log(compared.text);
        console.log(verified.text);
        ok = compared.agree && verified.honoured;
      }
    } catch (error) {
      console.error(`Run ${number} could not finish: ${messageOf(error)}`);
      ok = false;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `── run ${number}: ${ok ? "passed" : "FAILED"} in ${seconds} s; ` +
        `watching ${watched.join("/, ")}/ (Ctrl-C to stop) ──`,
    );
    // What the next run needs, started now (not during a run: it would compete with it).
    if (!stopped) {
      consumers ??= startConsumers();
      verification ??= startVerifying();
      primed ??= startPrimed();
    }
  }

  const watched = watchedFolders();
  const scheduler = new RunScheduler({ run, debounceMs: DEBOUNCE_MS });
  const watchers = watched.map((folder) =>
    watch(repoPath(folder), { recursive: true }, (_event, file) => {
      const path = `${folder}/${file}`;
      const kind = file ? runKindFor(path) : undefined;
      if (kind) scheduler.changed(kind, path);
    })
  );
  const { promise: stopping, resolve: stop } = Promise.withResolvers<number>();
  // Every time, not once: a second SIGINT (a terminal's, passed on by deno task) must not end
  // the loop before it stopped what it started.
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  scheduler.now("contract");
  const code = await stopping;

  // The run in progress, if any, is abandoned: its processes and what they started stop here.
  stopped = true;
  scheduler.close();
  for (const watcher of watchers) watcher.close();
  for (const started of live) started.stop();
  // What was let go unused cleans up before it exits (its UserService, its folder): wait for it.
  await Promise.allSettled([...live].map((started) => started.done));
  console.log("\nStopped watching.");
  return code;
}

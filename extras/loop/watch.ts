/**
 * The contract loop in watch mode (`deno task dev` / `npm run dev`), kept
 * warm between runs. It runs the whole loop once, then watches `consumer/`
 * and `provider/`:
 *
 * - a consumer change runs the contract cases again in a consumer runner
 *   started ahead (`consumer_runner.ts`: pact-js loaded, the cases not yet,
 *   so they are imported as they now are), which writes `pacts/` afresh;
 *   then this process compares them with UserService's descriptions and
 *   verifies the running providers against them, both at once (a passing
 *   verification stands while neither the pacts nor the providers change);
 * - a provider change starts new providers from launchers started ahead
 *   (`warm_provider.ts`: the provider's code is imported only then, as it now
 *   is), verifies them, and stops the old ones; the bi-directional check runs
 *   again only when its inputs (the pacts, `provider/service/api/*.json`)
 *   changed.
 *
 * pact-js's verifier and the comparator stay loaded here (the comparator, with
 * its compiled schemas, as long as the documents stay the same), and every
 * process a run needs next is started ahead, so a run costs what it does,
 * not what loading it costs.
 * Changes close together start one run; a change during a run starts one
 * more after it. Each run ends in `── run N: passed in X s …` or
 * `── run N: FAILED in X s …`. Ctrl-C stops everything it started.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { createInterface } from "node:readline";
import { providerEntry } from "../../provider/entry.ts";
import {
  countInteractions,
  type ProviderUnderTest,
  verifyInParallel,
  verifyParts,
} from "../verify/contract/parallel.ts";
import { localPactFiles } from "../verify/contract/pact_files.ts";
import { type Comparison, comparison } from "../bidirectional/compare.ts";
import { compareAndReport } from "../bidirectional/report.ts";
import { reportVerification } from "../verify/report.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { repoPath } from "../../tooling/repo.ts";
import { scriptCommand } from "../../tooling/runtime.ts";
import {
  type AheadProcess,
  type ProviderProcess,
  signal,
  startAhead,
} from "../../tooling/server_process.ts";
import { type RunKind, runKindFor, RunScheduler } from "./dev_scheduler.ts";

const WATCHED = ["consumer", "provider"];

const messageOf = (error: unknown) => error instanceof Error ? error.message : String(error);

/** Quiet time after a change before its run starts: an editor's save and a formatter's are one. */
const DEBOUNCE_MS = 5;

/** The consumer runner, started ahead: told to go with a line on its stdin; its output line by line. */
function startRunner() {
  const { command, args } = scriptCommand("extras/loop/consumer_runner.ts", [String(process.pid)]);
  const child = spawnPiped(command, args);
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve) => lines.once("line", () => resolve()));
  return { child, lines, ready };
}

function spawnPiped(command: string, args: string[]) {
  return spawn(command, args, {
    cwd: repoPath(""),
    env: { ...process.env, PACT_DO_NOT_TRACK: "true" },
    stdio: ["pipe", "pipe", "inherit"],
  });
}

/**
 * The command that starts UserService's launcher: the provider's own
 * command and permissions (`providerEntry()`, whose last argument is the
 * entry point), with the launcher in front of the entry point and the
 * loop's pid after it.
 */
function launcherCommand(): { command: string; args: string[] } {
  const { command, args } = providerEntry();
  const entry = args.at(-1)!;
  return {
    command,
    args: [...args.slice(0, -1), repoPath("extras/loop/warm_provider.ts"), entry, String(process.pid)],
  };
}

/** One provider the loop verifies: its database, its store for provider states, the running one, the next. */
interface Slot {
  usersDb: string;
  store: SqliteUserStore;
  current: ProviderProcess | undefined;
  next: AheadProcess | undefined;
  /** Providers a newer one replaced, stopped once the run is over. */
  retired: ProviderProcess[];
}

/** A hash of the contents of the files at `paths`: a check runs again only when its inputs' hash changes. */
function hashOf(paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest("hex");
}

function descriptionFiles(): string[] {
  return ["openapi.json", "asyncapi.json"].map((name) => repoPath(`provider/service/api/${name}`));
}

/** The documents as they are on disk now (the modules that import them were loaded once). */
function descriptionsNow() {
  const [oas, asyncapi] = descriptionFiles().map((path) => JSON.parse(readFileSync(path, "utf8")));
  return { oas, asyncapi };
}

/**
 * Runs the watch loop until SIGINT or SIGTERM (or an error it cannot go on
 * from); resolves then, with everything it started stopped, to the exit
 * code: 0, or 1 after such an error. A run in progress is abandoned: exit
 * then, rather than wait for it.
 */
export async function watchContracts(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "user-service-watch-"));
  const token = crypto.randomUUID();
  const launcher = launcherCommand();
  const aheadProvider = (usersDb: string) =>
    startAhead(launcher.command, {
      args: launcher.args,
      env: {
        PORT: "0",
        HOST: "127.0.0.1",
        USERS_DB: usersDb,
        USER_SERVICE_TOKEN: token,
      },
      onLine: (line) => console.log(`[provider] ${line}`),
    });
  let pactCount = 0;
  try {
    pactCount = countInteractions(localPactFiles());
  } catch {
    // no pacts yet: the first run writes them
  }
  const slots: Slot[] = Array.from({ length: verifyParts(process.env, pactCount) }, (_, n) => {
    const usersDb = join(dir, `users-${n}.db`);
    return {
      usersDb,
      store: new SqliteUserStore(usersDb, { durable: false }), // removed when the loop stops
      current: undefined,
      next: aheadProvider(usersDb),
      retired: [],
    };
  });
  let runner: ReturnType<typeof startRunner> | undefined = startRunner();
  let lastCompare: { inputs: string; agree: boolean; text: string } | undefined;
  // The comparator, kept while the documents stay the same: it compiles their schemas once.
  let comparator: { documents: string; compare: Comparison } | undefined;
  let runs = 0;
  let stopped = false;
  // Aborted when the loop stops: a verification in progress then ends in moments.
  const quitting = new AbortController();

  /** Counts the times the providers were replaced: a verification holds for one generation. */
  let generation = 0;
  /** The last verification that passed, and what it verified: the pacts' hash, the generation. */
  let lastPassed: { inputs: string; text: string } | undefined;

  /** Starts every slot's next provider (the code as it is now); the ones before retire. */
  async function freshProviders(): Promise<void> {
    generation++;
    await Promise.all(slots.map(async (slot) => {
      const started = await slot.next!.go();
      if (slot.current) slot.retired.push(slot.current);
      slot.current = started;
      slot.next = undefined;
    }));
  }

  /**
   * After a run: the retired providers stopped, and what the next run needs
   * started ahead (neither during a run: they would compete with it).
   */
  function refill(): void {
    if (stopped) return; // what is left is stopped below
    for (const slot of slots) {
      for (const old of slot.retired.splice(0)) void old.stop();
      slot.next ??= aheadProvider(slot.usersDb);
    }
    runner ??= startRunner();
  }

  /** The verification in progress: the loop waits for it to end before it exits. */
  let verifying: Promise<unknown> | undefined;

  async function verify() {
    const outcome = await (verifying = verifyInParallel({
      token,
      parts: slots.length,
      signal: quitting.signal,
      startProvider: (n) => {
        const { current, store } = slots[n];
        const provider: ProviderUnderTest = {
          url: current!.url,
          store,
          [Symbol.asyncDispose]: () => Promise.resolve(), // it keeps running for the next run
        };
        return Promise.resolve(provider);
      },
    }).catch((error) => error));
    verifying = undefined;
    return reportVerification(outcome);
  }

  /**
   * The verification, or the last one's passing result when neither the
   * pacts nor the providers changed since (a consumer save that left
   * `pacts/` byte for byte as it was). A failure is always verified again.
   */
  async function verifyIfChanged(pacts: string) {
    const inputs = `${generation}:${pacts}`;
    if (lastPassed?.inputs === inputs) {
      return { honoured: true, text: `${lastPassed.text} (pacts and providers unchanged)` };
    }
    const verified = await verify();
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

  /** The consumer half in the runner; resolves to whether it passed (and wrote `pacts/`). */
  async function consumerRun(): Promise<boolean> {
    const { child, lines, ready } = runner!;
    runner = undefined; // it runs once
    await ready;
    const consumer = Promise.withResolvers<boolean>();
    child.once("exit", () => consumer.resolve(false));
    lines.on("line", (line) => {
      if (line.startsWith("@@consumer ")) consumer.resolve(JSON.parse(line.slice(11)).passed);
      else console.log(line);
    });
    child.stdin!.end("go\n");
    return await consumer.promise;
  }

  async function run(kind: RunKind, files: readonly string[]): Promise<void> {
    const number = ++runs;
    const started = performance.now();
    const why = files.length > 0 ? `${files.join(", ")} changed` : "first run";
    const what = kind === "contract"
      ? "consumer contract, then the provider's checks"
      : "the provider's checks";
    console.log(`\n── run ${number}: ${what} (${why}) ──`);
    const providerCode = files.some((file) => file.startsWith("provider/") && file.endsWith(".ts"));
    const starting = !slots[0].current || providerCode ? freshProviders() : Promise.resolve();
    let ok: boolean;
    try {
      const consumerPassed = kind === "contract" ? await consumerRun() : true;
      if (!consumerPassed) {
        await starting.catch(() => {});
        ok = false;
      } else {
        await starting;
        const pacts = hashOf(localPactFiles()); // as the consumer half left them
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
        `watching consumer/ and provider/ (Ctrl-C to stop) ──`,
    );
    refill();
  }

  const scheduler = new RunScheduler({ run, debounceMs: DEBOUNCE_MS });
  const watchers = WATCHED.map((folder) =>
    watch(repoPath(folder), { recursive: true }, (_event, file) => {
      const path = `${folder}/${file}`;
      const kind = file ? runKindFor(path) : undefined;
      if (kind) scheduler.changed(kind, path);
    })
  );
  const { promise: stopping, resolve: stop } = Promise.withResolvers<number>();
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
  // pact-js's verification proxy throws, out of reach, when a provider goes away under it
  // (one that crashed, or one Ctrl-C stopped first in the terminal's process group).
  const fatal = (error: unknown) => {
    if (!stopped) console.error(`\nThe watch loop cannot go on: ${messageOf(error)}`);
    stop(1);
  };
  process.on("uncaughtException", fatal);
  scheduler.now("contract");
  const code = await stopping;

  // The run in progress, if any, is abandoned: its verification ends, its processes stop here.
  stopped = true;
  quitting.abort();
  // Before exiting: the verifier's requests go through a proxy on this thread, and an exit
  // cannot finish while the verifier waits for one (on Node, it would wait for its timeout).
  await verifying;
  scheduler.close();
  for (const watcher of watchers) watcher.close();
  if (runner?.child.pid !== undefined) signal(runner.child.pid, "SIGKILL");
  await Promise.all(
    slots.flatMap((slot) => [slot.current, slot.next, ...slot.retired].map((p) => p?.stop())),
  );
  for (const slot of slots) slot.store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log("\nStopped watching.");
  return code;
}

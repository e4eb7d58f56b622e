/**
 * The contract loop in watch mode (`deno task dev` / `npm run dev`). Runs the
 * whole loop once, then watches `consumer/` and `provider/`:
 *
 * - a consumer change runs the whole loop (`scripts/contract.ts`: pacts
 *   written afresh, compared with the provider's OpenAPI and AsyncAPI
 *   documents, and verified);
 * - a provider change runs only the provider's checks on the pacts as they
 *   are (`--provider-only`).
 *
 * Each run ends in its one-screen summary. Changes close together start one
 * run; changes during a run start one more after it. Ctrl-C stops the run in
 * progress, its provider process included (each run is a process group of
 * its own, stopped as a whole), and leaves nothing behind.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { watch } from "node:fs";
import process from "node:process";
import { type RunKind, runKindFor, RunScheduler } from "./dev_scheduler.ts";
import { repoPath } from "../tooling/repo.ts";
import { scriptCommand } from "../tooling/runtime.ts";

const WATCHED = ["consumer", "provider"];

/** Whether any process of group `pgid` is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a run's whole process group, the script and the provider it started,
 * and waits until every process of it is gone (SIGKILL after 5 s, then up to
 * 2 s more).
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  for (const [signal, waitMs] of [["SIGTERM", 5000], ["SIGKILL", 2000]] as const) {
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, signal);
    const deadline = performance.now() + waitMs;
    while (groupAlive(pgid) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Runs the whole loop once, then watches `consumer/` and `provider/` until
 * SIGINT or SIGTERM, which stop the run in progress with its process group.
 */
export function watchContracts(): void {
  let current: ChildProcess | undefined;
  let runs = 0;

  async function run(kind: RunKind, files: readonly string[]): Promise<void> {
    const number = ++runs;
    const { command, args } = scriptCommand(
      "scripts/contract.ts",
      kind === "contract" ? [] : ["--provider-only"],
    );
    const why = files.length > 0 ? `${files.join(", ")} changed` : "first run";
    const what = kind === "contract"
      ? "consumer contract, then the provider's checks"
      : "the provider's checks";
    const started = performance.now();
    // A process group of its own (detached), so that stopping it stops its provider too.
    const child = spawn(command, args, { stdio: "inherit", detached: true, cwd: repoPath("") });
    current = child;
    console.log(`\n── run ${number}: ${what} (${why}; process group ${child.pid}) ──`);
    const [code] = await once(child, "exit");
    current = undefined;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `── run ${number}: ${code === 0 ? "passed" : "FAILED"} in ${seconds} s; ` +
        `watching consumer/ and provider/ (Ctrl-C to stop) ──`,
    );
  }

  const scheduler = new RunScheduler({ run });
  const watchers = WATCHED.map((dir) =>
    watch(repoPath(dir), { recursive: true }, (_event, file) => {
      const path = `${dir}/${file}`;
      const kind = file ? runKindFor(path) : undefined;
      if (kind) scheduler.changed(kind, path);
    })
  );

  async function stop(): Promise<void> {
    scheduler.close();
    for (const watcher of watchers) watcher.close();
    if (current) await stopGroup(current);
    console.log("\nStopped watching.");
    process.exit(0);
  }
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  scheduler.now("contract");
}

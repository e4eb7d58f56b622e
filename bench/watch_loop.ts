/**
 * The watch loop as a developer lives in it: the time from a save to the
 * run's summary line, against a bare `node -e 0` in the same run, for the
 * loop as it is (`deno task dev`) and as it was at `BEFORE` (default
 * 21579cc: the last commit before the Pact tests became plain test files,
 * whose loop ran the cases and the verification inside its own process),
 * the second checked out from git in a temporary worktree and run the same way.
 *
 * A provider save appends a comment to `provider/service/app.ts` (where
 * `createApp` is); a consumer save does the same to `consumer/user_client.ts`
 * (`UserClient`), which leaves the pacts as they were; a consumer save that
 * changes a pact renames an interaction (in `consumer/user_service.pact_test.ts`
 * now, `consumer/contract/http_cases.ts` before). Each file is put back
 * afterwards (a save of its own), whatever happens. `RUNS` saves of each
 * (default 5), each once the loop has printed nothing for `PACE_MS` (default
 * 2000); medians.
 *
 * Run with Node or Deno, with `deno` and `git` on PATH, in a clone with its
 * history: `node bench/watch_loop.ts`.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import { Progress } from "../tooling/progress.ts";
import { repoPath } from "../tooling/repo.ts";
import { worktreeOf } from "./_worktree.ts";

const RUNS = Number(process.env.RUNS ?? 5);
const BEFORE = process.env.BEFORE ?? "21579cc";
const append = (text: string, n: number) => `${text}\n// bench save ${n}\n`;
const rename = (text: string, n: number) =>
  text.replace(
    'uponReceiving("a request for user 1")',
    `uponReceiving("a request for user 1 (${n})")`,
  );
/** What each kind of save changes: a file (the first of these that exists), and how. */
const SAVES = {
  provider: { paths: ["provider/service/app.ts"], change: append },
  consumer: { paths: ["consumer/user_client.ts"], change: append },
  "consumer, a pact changed": {
    paths: ["consumer/user_service.pact_test.ts", "consumer/contract/http_cases.ts"],
    change: rename,
  },
} as const;
type Save = keyof typeof SAVES;
const GOALS: Record<Save, number> = { provider: 2, consumer: 2, "consumer, a pact changed": 6 };
const SUMMARY = /^── run (\d+): (passed|FAILED) in /;
const HEADER = /^── run (\d+): (?!passed in |FAILED in )/;
/**
 * A developer's pace: each save comes once the loop has printed nothing for
 * this long, the time it takes to start ahead what the next run needs. Saves
 * closer together than that wait for it (see docs/performance.md).
 */
const PACE_MS = Number(process.env.PACE_MS ?? 2000);
/** The longest a save's run, or the quiet before a save, may take. */
const DEADLINE_MS = 60_000;

const median = (values: number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

function bareNode(): number {
  const started = performance.now();
  spawnSync("node", ["-e", "0"]);
  return performance.now() - started;
}

/**
 * `deno task dev` of the copy at `root`; `runAfter(t)` resolves to the time
 * and line of the summary of the first run that began after `t` (a save can
 * start a second run, when the file system tells of it twice: its summary
 * is not the next save's), and `quiet()` when the loop has printed nothing
 * for `PACE_MS`.
 */
function startDev(root: string) {
  const child = spawn("deno", ["task", "dev"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const headers: { run: string; at: number }[] = [];
  const summaries = new Map<string, [number, string]>();
  const listeners = new Set<() => void>();
  let lastLineAt = performance.now();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lastLineAt = performance.now();
    const header = HEADER.exec(line);
    if (header) headers.push({ run: header[1], at: lastLineAt });
    const summary = SUMMARY.exec(line);
    if (summary) summaries.set(summary[1], [lastLineAt, line]);
    for (const listener of listeners) listener();
  });
  const exited = once(child, "exit");
  const runAfter = (t: number) =>
    new Promise<[number, string]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no run began and ended within ${DEADLINE_MS} ms of the save`)),
        DEADLINE_MS,
      );
      const check = () => {
        const run = headers.find((h) => h.at >= t)?.run;
        const summary = run === undefined ? undefined : summaries.get(run);
        if (!summary) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(summary);
      };
      listeners.add(check);
      void exited.then(() => reject(new Error("the loop exited")));
      check();
    });
  const quiet = async () => {
    const deadline = performance.now() + DEADLINE_MS;
    for (let idle = 0; idle < PACE_MS; idle = performance.now() - lastLineAt) {
      if (performance.now() > deadline) {
        throw new Error(`the loop never fell quiet for ${PACE_MS} ms`);
      }
      if (child.exitCode !== null) throw new Error("the loop exited");
      await delay(PACE_MS - idle);
    }
  };
  return { root, child, runAfter, quiet };
}

/** Each kind of save's median, in ms from the save to the summary line, for the loop at `root`. */
async function loopSaves(root: string, progress: Progress, nodes: number[]) {
  progress.step(`${root}: first run`);
  const dev = startDev(root);
  try {
    const [, first] = await dev.runAfter(0);
    if (!first.includes("passed")) throw new Error(`the first run failed: ${first}`);
    const medians = {} as Record<Save, number>;
    for (const what of Object.keys(SAVES) as Save[]) {
      medians[what] = await savesOf(dev, what, progress, nodes);
    }
    return medians;
  } finally {
    await stop(dev.child);
  }
}

/**
 * ms from each save of `what` to the summary line of its run (the median);
 * a bare `node -e 0` is timed before each save, into `nodes`.
 */
async function savesOf(
  dev: ReturnType<typeof startDev>,
  what: Save,
  progress: Progress,
  nodes: number[],
) {
  const path = SAVES[what].paths.map((p) => join(dev.root, p)).find((p) => existsSync(p))!;
  const original = readFileSync(path, "utf8");
  const changed = (n: number) => SAVES[what].change(original, n);
  if (changed(0) === original) throw new Error(`${path} no longer holds what a ${what} save edits`);
  const times: number[] = [];
  try {
    for (let n = 0; n < RUNS; n++) {
      progress.step(`${dev.root === repoPath("") ? "now" : BEFORE}: ${what} save ${n + 1}`);
      await dev.quiet();
      for (let k = 0; k < 3; k++) nodes.push(bareNode());
      const saved = performance.now();
      writeFileSync(path, changed(n));
      const [at, line] = await dev.runAfter(saved);
      if (!line.includes("passed")) throw new Error(`the run failed: ${line}`);
      times.push(at - saved);
      await dev.quiet();
      const restored = performance.now();
      writeFileSync(path, original); // put back: a save of its own, and a run
      await dev.runAfter(restored);
    }
  } finally {
    writeFileSync(path, original);
  }
  console.error(`${dev.root}: ${what} saves: ${times.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  return median(times);
}

async function stop(child: ChildProcess) {
  const exited = once(child, "exit");
  process.kill(child.pid!, "SIGINT");
  await exited;
}

const kinds = Object.keys(SAVES) as Save[];
const progress = new Progress("watch loop benchmark", { total: 2 * (kinds.length * RUNS + 1) });
const nodes: number[] = [];

let before: Record<Save, number>;
{
  using worktree = worktreeOf(BEFORE);
  before = await loopSaves(worktree.root, progress, nodes);
}
const now = await loopSaves(repoPath(""), progress, nodes);
progress.done();

const node = median(nodes);
const ratio = (ms: number) => `${(ms / node).toFixed(1)}x`;
console.log(
  `Save to summary line, median of ${RUNS} (node ${process.version}; bare \`node -e 0\`, ` +
    `timed before every save: median ${node.toFixed(0)} ms, ` +
    `${Math.min(...nodes).toFixed(0)}–${Math.max(...nodes).toFixed(0)}):\n`,
);
console.log(
  `| save | before (${BEFORE}) | / \`node -e 0\` | now | / \`node -e 0\` | goal |`,
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const what of kinds) {
  console.log(
    `| ${what} | ${before[what].toFixed(0)} ms | ${ratio(before[what])} | ${
      now[what].toFixed(0)
    } ms | ${ratio(now[what])} | <= ${GOALS[what]}x |`,
  );
}

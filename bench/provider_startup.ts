/**
 * How long UserService takes from process start to its first healthy answer,
 * for each way it ships, next to the bare runtime start in the same run.
 *
 * Run: `node bench/provider_startup.ts` or `deno run -A bench/provider_startup.ts`
 * (after `npm run compile` for the Node binary). `RUNS` sets the runs per
 * variant (default 15). Prints a Markdown table: median and p90 in ms, and the
 * median as a ratio of the bare `node -e 0` start.
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { type Command } from "../tooling/runtime.ts";
import { providerEntry } from "../provider/entry.ts";
import { repoPath } from "../tooling/repo.ts";
import { Progress } from "../tooling/progress.ts";

const RUNS = Number(process.env.RUNS ?? 15);

/** Milliseconds from spawn until `GET /health` answers 200. */
async function timeToHealthy({ command, args }: Command): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "bench" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let buffered = "";
      child.stdout!.on("data", (chunk) => {
        buffered += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(buffered);
        if (match) resolve(new URL(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    for (const deadline = started + 10_000; performance.now() < deadline;) {
      const response = await fetch(new URL("/health", url)).catch(() => undefined);
      await response?.body?.cancel();
      if (response?.ok) return performance.now() - started;
    }
    throw new Error("not healthy within 10 s");
  } finally {
    child.kill("SIGKILL");
  }
}

function timeBare(command: string, args: string[]): number {
  const started = performance.now();
  spawnSync(command, args);
  return performance.now() - started;
}

async function sample(measure: () => number | Promise<number>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await measure());
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const node = spawnSync("node", ["-p", "process.execPath"], { encoding: "utf8" }).stdout.trim();
const variants: [string, () => number | Promise<number>][] = [
  ["bare `node -e 0` (baseline)", () => timeBare(node, ["-e", "0"])],
  [
    `source entry on ${"Deno" in globalThis ? "Deno" : "Node"} (\`${
      providerEntry().args.at(-1)?.split("/").slice(-2).join("/")
    }\`)`,
    () => timeToHealthy(providerEntry()),
  ],
];
for (
  const [name, path] of [["Node single executable", "dist/user-service-node"], [
    "deno compile binary",
    "dist/user-service",
  ]]
) {
  if (existsSync(repoPath(path))) {
    variants.push([
      `${name} (\`${path}\`)`,
      () => timeToHealthy({ command: repoPath(path), args: [] }),
    ]);
  } else {
    console.error(`skipped: ${path} is not built`);
  }
}

const rows: string[] = [];
let baseline = 0;
const progress = new Progress("start-up", { total: variants.length });
for (const [name, measure] of variants) {
  progress.step(name);
  await measure(); // warm the file cache
  const times = await sample(measure);
  const median = quantile(times, 0.5);
  baseline ||= median;
  rows.push(
    `| ${name} | ${median.toFixed(0)} | ${quantile(times, 0.9).toFixed(0)} | ${
      (median / baseline).toFixed(1)
    }x |`,
  );
}
progress.done();
const runtime = process.versions.deno ? `deno ${process.versions.deno}` : `node ${process.version}`;
console.log(`Start to healthy, ${RUNS} runs each (${process.platform}, run by ${runtime}):\n`);
console.log("| variant | median ms | p90 ms | median / baseline |");
console.log("| --- | ---: | ---: | ---: |");
console.log(rows.join("\n"));

/**
 * How fast the contract loop is, where its time goes, and how verification
 * grows with the number of interactions. Every figure is next to a baseline
 * measured in the same run.
 *
 * 1. Wall time of `deno task contract` now and as it was at `BEFORE`
 *    (default 21579cc, the last commit before the Pact tests became plain test
 *    files, checked out in a temporary git worktree), `npm run contract`,
 *    `deno task pact` and `deno task verify`, as ratios to a bare `node -e 0`
 *    (and `deno eval 0`).
 * 2. The phases of `deno task contract` (marks written by
 *    `extras/loop/contract_loop.ts` when `CONTRACT_TIMINGS` names a file),
 *    medians over the runs, drawn as `bench/contract_loop_phases.svg`.
 * 3. `deno task verify` of generated pacts of 10, 110 and 500 interactions
 *    (copies of "a request for user 1", each with its provider state), now
 *    and at `BEFORE`, each in a copy of its repository: now in one part, and
 *    in one part per core (the default for a large pact); at `BEFORE` as it
 *    chose. Whole runs, start-up included: the marginal ms per interaction
 *    (the difference between two sizes) leaves start-up out. Drawn as
 *    `bench/contract_loop.svg`.
 * 4. The first `deno task contract` on an empty `DENO_DIR` (every package
 *    downloaded), now and at `BEFORE`, one run each (needs the npm registry).
 *
 * Run with Node, with `deno` on PATH: `node bench/contract_loop.ts > /dev/null`
 * (tables on stderr; `RUNS`, default 5, sets the runs of parts 1 and 2,
 * `GROWTH_RUNS`, default 3, those of part 3; `FIRST_RUN=0` skips part 4).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { Progress } from "../tooling/progress.ts";
import { repoPath } from "../tooling/repo.ts";
import { withRepoCopy } from "../tooling/repo_copy.ts";
import type { Mark } from "../tooling/timings.ts";
import { worktreeOf } from "./_worktree.ts";
import { temporaryDir } from "../tooling/temp_dir.ts";

const RUNS = Number(process.env.RUNS ?? 5);
const GROWTH_RUNS = Number(process.env.GROWTH_RUNS ?? 3);
/** The commit before the work these figures measure. */
const BEFORE = process.env.BEFORE ?? "21579cc";
const SIZES = [10, 110, 500];
const dirTemp = temporaryDir("user-service-bench-");
const dir = dirTemp.path;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time in ms of one run of `command args` (in `cwd`); throws if it fails. */
function once(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = repoPath(""),
): number {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    stdio: "ignore",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`);
  return performance.now() - started;
}

/** Median wall time of `runs` runs, the commands interleaved so that drift hits each alike. */
function wallTimes(
  commands: [string, string, string[], string?][],
  runs: number,
  progress: Progress,
) {
  const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, command, args, cwd] of commands) {
      progress.step(`${name}, run ${run + 1} of ${runs}`);
      times.get(name)!.push(once(command, args, {}, cwd));
    }
  }
  return new Map([...times].map(([name, values]) => [name, median(values)]));
}

/** The phases of `deno task contract`: median ms from the task's spawn to each mark. */
function phases(runs: number, progress: Progress): [string, number][] {
  const file = join(dir, "marks.json");
  const samples: Mark[][] = [];
  for (let run = 0; run < runs; run++) {
    progress.step(`phases of deno task contract, run ${run + 1} of ${runs}`);
    const spawned = performance.timeOrigin + performance.now();
    once("deno", ["task", "contract"], { CONTRACT_TIMINGS: file });
    const exited = performance.timeOrigin + performance.now();
    const marks = JSON.parse(readFileSync(file, "utf8")) as Mark[];
    samples.push([
      { name: "task spawned", at: spawned },
      ...marks,
      { name: "process exited", at: exited },
    ]);
  }
  return samples[0].map(({ name }, i) => [name, median(samples.map((m) => m[i].at - m[0].at))]);
}

/** A pact of `size` GET interactions, each with its own provider state. */
function generatedPact(size: number): unknown {
  const template = JSON.parse(
    readFileSync(repoPath("pacts/OrderService-UserService.json"), "utf8"),
  );
  const one = template.interactions.find((i: { description: string }) =>
    i.description === "a request for user 1"
  );
  const interactions = Array.from({ length: size }, (_, n) => ({
    ...structuredClone(one),
    description: `a request for user 1, copy ${String(n).padStart(4, "0")}`,
    key: undefined,
  }));
  return { ...template, interactions };
}

/**
 * `deno task verify` ms by pact size in the repository at `root` (its
 * `pacts/` replaced by each generated pact), medians of `runs`.
 */
function verificationTimes(
  root: string,
  env: Record<string, string>,
  label: string,
  progress: Progress,
): [number, number][] {
  const pact = join(root, "pacts/OrderService-UserService.json");
  const original = readFileSync(pact);
  try {
    return SIZES.map((size): [number, number] => {
      writeFileSync(pact, JSON.stringify(generatedPact(size)));
      const times = Array.from({ length: GROWTH_RUNS }, (_, run) => {
        progress.step(`verify ${size} interactions (${label}), run ${run + 1}`);
        return once("deno", ["task", "verify"], env, root);
      });
      return [size, median(times)];
    });
  } finally {
    writeFileSync(pact, original);
  }
}

/** The first `deno task contract` in `root` with an empty `DENO_DIR`: wall ms. */
function firstRun(root: string, label: string, progress: Progress): number {
  progress.step(`first deno task contract on an empty DENO_DIR (${label})`);
  const denoDir = mkdtempSync(join(dir, "deno-dir-"));
  try {
    return once("deno", ["task", "contract"], { DENO_DIR: denoDir }, root);
  } finally {
    rmSync(denoDir, { recursive: true, force: true });
  }
}

/** Verification time against interactions, one line per trust store, as SVG. */
function growthChart(series: [string, string, [number, number][]][]): string {
  const [w, h, pad] = [560, 320, 56];
  const maxX = Math.max(...SIZES);
  const maxY = Math.max(...series.flatMap(([, , points]) => points.map(([, y]) => y))) * 1.1;
  const x = (v: number) => pad + (v / maxX) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / maxY) * (h - 2 * pad);
  const lines = series.map(([label, color, points], i) => {
    const path = points.map(([a, b], j) => `${j ? "L" : "M"}${x(a).toFixed(1)},${y(b).toFixed(1)}`);
    const dots = points.map(([a, b]) =>
      `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="4"/>` +
      `<text x="${(x(a) - 6).toFixed(1)}" y="${(y(b) - 8).toFixed(1)}" text-anchor="end">` +
      `${(b / 1000).toFixed(2)} s</text>`
    ).join("");
    return `<path d="${path.join(" ")}" fill="none" stroke="${color}" stroke-width="2"/>` +
      `<g fill="${color}">${dots}</g>` +
      `<text x="${pad + 8}" y="${pad + 16 * i}" fill="${color}">${label}</text>`;
  }).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${
    w / 2
  }" y="20" text-anchor="middle" font-size="14">Provider verification time by number of interactions</text>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>
${
    SIZES.map((a) => `<text x="${x(a)}" y="${h - pad + 18}" text-anchor="middle">${a}</text>`).join(
      "",
    )
  }
<text x="${w / 2}" y="${h - 12}" text-anchor="middle">interactions in the pact</text>
<text x="16" y="${h / 2}" transform="rotate(-90 16 ${h / 2})" text-anchor="middle">seconds</text>
${lines}
</svg>
`;
}

/** The phases as bars on a time line: what runs when, from the task's spawn. */
function phaseChart(points: [string, number][], baseline: number): string {
  const [w, rowH, left, top] = [640, 24, 230, 40];
  const end = points[points.length - 1][1];
  const x = (ms: number) => left + (ms / end) * (w - left - 20);
  const provider = points.find(([name]) => name === "provider healthy")?.[1];
  const lane = points.filter(([name]) => name !== "provider healthy");
  const bars = lane.slice(1).map(([name, at], i) => {
    const from = lane[i][1];
    const yy = top + i * rowH;
    return `<rect x="${x(from).toFixed(1)}" y="${yy}" width="${
      Math.max(1, x(at) - x(from)).toFixed(1)
    }" height="${rowH - 6}" fill="#2563eb"/>` +
      `<text x="${left - 8}" y="${yy + 13}" text-anchor="end">${name} (${
        (at - from).toFixed(0)
      } ms)</text>`;
  });
  const providerRow = top + (lane.length - 1) * rowH;
  const providerBar = provider === undefined
    ? ""
    : `<rect x="${x(lane[2]?.[1] ?? 0).toFixed(1)}" y="${providerRow}" width="${
      (x(provider) - x(lane[2]?.[1] ?? 0)).toFixed(1)
    }" height="${rowH - 6}" fill="#f59e0b"/><text x="${left - 8}" y="${
      providerRow + 13
    }" text-anchor="end">provider process: start to healthy</text>`;
  const h = providerRow + rowH + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${w / 2}" y="20" text-anchor="middle" font-size="14">deno task contract: ${
    end.toFixed(0)
  } ms (${(end / baseline).toFixed(1)}x a bare node -e 0 of ${baseline.toFixed(0)} ms)</text>
${bars.join("\n")}
${providerBar}
<text x="${left}" y="${h - 12}">0 ms</text>
<text x="${w - 20}" y="${h - 12}" text-anchor="end">${end.toFixed(0)} ms</text>
</svg>
`;
}

const before = worktreeOf(BEFORE);
try {
  await withRepoCopy((now) => {
    const firstRuns = process.env.FIRST_RUN !== "0";
    const progress = new Progress("contract loop benchmark", {
      total: RUNS * 7 + RUNS + SIZES.length * 3 * GROWTH_RUNS + (firstRuns ? 2 : 0),
    });
    const walls = wallTimes(
      [
        ["bare `node -e 0`", "node", ["-e", "0"]],
        ["bare `deno eval 0`", "deno", ["eval", "0"]],
        [`\`deno task contract\` at ${BEFORE} (before)`, "deno", ["task", "contract"], before.root],
        ["`deno task contract`", "deno", ["task", "contract"]],
        ["`npm run contract`", "npm", ["run", "contract"]],
        ["`deno task pact`", "deno", ["task", "pact"]],
        ["`deno task verify`", "deno", ["task", "verify"]],
      ],
      RUNS,
      progress,
    );
    const phasePoints = phases(RUNS, progress);
    // The system's trust store left as it is: a folder of "your own" (a copy of its name).
    const parts = (n: string) => ({ VERIFY_PARTS: n });
    const growth = {
      before: verificationTimes(before.root, {}, `at ${BEFORE}`, progress),
      one: verificationTimes(now, parts("1"), "now, one part", progress),
      cores: verificationTimes(now, {}, "now, one part per core", progress),
    };
    const first = firstRuns
      ? {
        before: firstRun(before.root, `at ${BEFORE}`, progress),
        now: firstRun(now, "now", progress),
      }
      : undefined;
    progress.done();

    const node = walls.get("bare `node -e 0`")!;
    writeFileSync(repoPath("bench/contract_loop_phases.svg"), phaseChart(phasePoints, node));
    writeFileSync(
      repoPath("bench/contract_loop.svg"),
      growthChart([
        [`deno task verify at ${BEFORE} (before)`, "#9ca3af", growth.before],
        ["deno task verify now, one part", "#2563eb", growth.one],
        ["deno task verify now, one part per core", "#16a34a", growth.cores],
      ]),
    );
    const ratio = (ms: number) => `${(ms / node).toFixed(1)}x`;
    console.error(`Contract loop, median of ${RUNS} runs (node ${process.version}):\n`);
    console.error("| command | ms | / bare `node -e 0` |");
    console.error("| --- | ---: | ---: |");
    for (const [name, ms] of walls) console.error(`| ${name} | ${ms.toFixed(0)} | ${ratio(ms)} |`);
    console.error("\nPhases of `deno task contract` (ms from the task's spawn, medians):\n");
    console.error("| mark | ms |");
    console.error("| --- | ---: |");
    for (const [name, at] of phasePoints) console.error(`| ${name} | ${at.toFixed(0)} |`);
    console.error("\n`deno task verify` by pact size (whole runs, medians):\n");
    console.error("| interactions | verification | total ms | marginal ms per interaction |");
    console.error("| ---: | --- | ---: | ---: |");
    const series = [
      [`at ${BEFORE} (before)`, growth.before],
      ["now, one part", growth.one],
      ["now, one part per core", growth.cores],
    ] as const;
    for (const [label, times] of series) {
      times.forEach(([size, ms], i) => {
        const marginal = i === 0
          ? ""
          : ((ms - times[i - 1][1]) / (size - times[i - 1][0])).toFixed(1);
        console.error(`| ${size} | ${label} | ${ms.toFixed(0)} | ${marginal} |`);
      });
    }
    if (first) {
      console.error("\nThe first `deno task contract` on an empty DENO_DIR (one run each):\n");
      console.error("| | ms |");
      console.error("| --- | ---: |");
      console.error(`| at ${BEFORE} (before) | ${first.before.toFixed(0)} |`);
      console.error(`| now | ${first.now.toFixed(0)} |`);
    }
  });
} finally {
  before[Symbol.dispose]();
  dirTemp.remove();
}

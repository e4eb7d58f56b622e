/**
 * How fast the contract loop is, where its time goes, and how verification
 * grows with the number of interactions. Every figure is next to a baseline
 * measured in the same run.
 *
 * 1. Wall time of `deno task contract` (also as it was at `BEFORE`, default
 *    10d2b46, checked out in a temporary git worktree), `npm run contract`,
 *    `deno task test` and `npm test`, as ratios to a bare `node -e 0` (and
 *    `deno eval 0`).
 * 2. The phases of `deno task contract` (marks written by `extras/loop/contract_loop.ts`
 *    when `CONTRACT_TIMINGS` names a file), medians over the runs, drawn as
 *    `bench/contract_loop_phases.svg`.
 * 3. Verification of generated pacts of 10, 110 and 500 interactions against
 *    provider processes (fresh databases, provider states): with one verifier
 *    and the trust store as the system leaves it, with one verifier and the
 *    bundle only (see `extras/verify/contract/trust_store.ts`: the
 *    design before), and with one verifier and provider per core
 *    (`parallel.ts`: now); total and marginal ms per interaction, drawn as
 *    `bench/contract_loop.svg`.
 *
 * Run with Node, with `deno` on PATH: `node bench/contract_loop.ts > /dev/null`
 * (tables on stderr; `RUNS`, default 5, sets the runs of parts 1 and 2,
 * `GROWTH_RUNS`, default 3, those of part 3).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { availableParallelism } from "node:os";
import {
  type ProviderUnderTest,
  verifyInParallel,
} from "../extras/verify/contract/parallel.ts";
import { SqliteUserStore } from "../provider/service/store/sqlite_user_store.ts";
import { Progress } from "../tooling/progress.ts";
import { providerEntry } from "../provider/entry.ts";
import { repoPath } from "../tooling/repo.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import type { Mark } from "../tooling/timings.ts";
import { worktreeOf } from "./_worktree.ts";

const RUNS = Number(process.env.RUNS ?? 5);
const GROWTH_RUNS = Number(process.env.GROWTH_RUNS ?? 3);
/** The commit before the work these figures measure (`deno task contract` is run there too). */
const BEFORE = process.env.BEFORE ?? "10d2b46";
const SIZES = [10, 110, 500];
const dir = mkdtempSync(join(tmpdir(), "user-service-bench-"));

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
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
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

/** A provider process over a database of its own, and its store, for part `n`. */
async function benchProvider(n: number): Promise<ProviderUnderTest> {
  const usersDb = join(dir, `users-${n}-${Math.random()}.db`);
  const store = new SqliteUserStore(usersDb);
  const { command, args } = providerEntry();
  const provider = await startProviderProcess(command, {
    args,
    env: { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: "bench-token" },
    onLine: () => {},
  });
  return {
    url: provider.url,
    store,
    async [Symbol.asyncDispose]() {
      await provider.stop();
      store.close();
    },
  };
}

/**
 * Verification ms by pact size: with one verifier (as before) and the trust
 * store `SSL_CERT_DIR` gives, or with one verifier per core (`parallel`,
 * providers started before the clock starts, as with one).
 */
async function verificationTimes(certDir: string, parallel: boolean, progress: Progress) {
  process.env.SSL_CERT_DIR = certDir;
  delete process.env.SSL_CERT_FILE;
  const times: [number, number][] = [];
  for (const size of SIZES) {
    progress.step(`verify ${size} interactions (${parallel ? "one verifier per core" : certDir})`);
    const file = join(dir, `pact-${size}.json`);
    writeFileSync(file, JSON.stringify(generatedPact(size)));
    const parts = parallel ? availableParallelism() : 1;
    const providers = await Promise.all(Array.from({ length: parts }, (_, n) => benchProvider(n)));
    const started = performance.now();
    await verifyInParallel({
      token: "bench-token",
      pactUrls: [file],
      parts,
      logLevel: "error",
      startProvider: (n) => Promise.resolve(providers[n]),
    });
    times.push([size, performance.now() - started]);
  }
  return times;
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
  const progress = new Progress("contract loop benchmark", {
    total: RUNS * 8 + 1 + RUNS + SIZES.length * 3 * GROWTH_RUNS,
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
      ["`deno task test`", "deno", ["task", "test"]],
    ],
    RUNS,
    progress,
  );
  const npmTest = (() => {
    progress.step("npm test");
    return once("npm", ["test"]);
  })();
  const phasePoints = phases(RUNS, progress);
  const systemDir = join(dir, "system-certs");
  symlinkSync("/etc/ssl/certs", systemDir); // a folder of "your own": left as it is
  // The three in turn, GROWTH_RUNS times; the medians are reported.
  const systemRuns: [number, number][][] = [];
  const bundleRuns: [number, number][][] = [];
  const parallelRuns: [number, number][][] = [];
  for (let run = 0; run < GROWTH_RUNS; run++) {
    systemRuns.push(await verificationTimes(systemDir, false, progress));
    bundleRuns.push(await verificationTimes("/etc/ssl/certs", false, progress));
    parallelRuns.push(await verificationTimes("/etc/ssl/certs", true, progress));
  }
  const medianRun = (runs: [number, number][][]) =>
    SIZES.map((size, i): [number, number] => [size, median(runs.map((r) => r[i][1]))]);
  const system = medianRun(systemRuns);
  const bundle = medianRun(bundleRuns);
  const parallel = medianRun(parallelRuns);
  progress.done();

  const node = walls.get("bare `node -e 0`")!;
  writeFileSync(repoPath("bench/contract_loop_phases.svg"), phaseChart(phasePoints, node));
  writeFileSync(
    repoPath("bench/contract_loop.svg"),
    growthChart([
      ["one verifier, trust store as the system has it", "#9ca3af", system],
      ["one verifier, CA bundle only (before)", "#2563eb", bundle],
      ["one verifier per core, CA bundle only (now)", "#16a34a", parallel],
    ]),
  );
  const ratio = (ms: number) => `${(ms / node).toFixed(1)}x`;
  console.error(`Contract loop, median of ${RUNS} runs (node ${process.version}):\n`);
  console.error("| command | ms | / bare `node -e 0` |");
  console.error("| --- | ---: | ---: |");
  for (const [name, ms] of walls) console.error(`| ${name} | ${ms.toFixed(0)} | ${ratio(ms)} |`);
  console.error(`| \`npm test\` (one run) | ${npmTest.toFixed(0)} | ${ratio(npmTest)} |`);
  console.error("\nPhases of `deno task contract` (ms from the task's spawn, medians):\n");
  console.error("| mark | ms |");
  console.error("| --- | ---: |");
  for (const [name, at] of phasePoints) console.error(`| ${name} | ${at.toFixed(0)} |`);
  console.error("\nVerification against the provider process, by pact size:\n");
  console.error(
    "| interactions | verifiers, trust store | total ms | ms per interaction | marginal ms |",
  );
  console.error("| ---: | --- | ---: | ---: | ---: |");
  const series = [
    ["one, system", system],
    ["one, bundle only (before)", bundle],
    [`${availableParallelism()} (one per core), bundle only`, parallel],
  ] as const;
  for (const [label, times] of series) {
    times.forEach(([size, ms], i) => {
      const marginal = i === 0
        ? ""
        : ((ms - times[i - 1][1]) / (size - times[i - 1][0])).toFixed(1);
      console.error(
        `| ${size} | ${label} | ${ms.toFixed(0)} | ${(ms / size).toFixed(1)} | ${marginal} |`,
      );
    });
  }
} finally {
  before[Symbol.dispose]();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * How fast the contract loop is, and how verification grows with the number
 * of interactions.
 *
 * 1. Wall time of `deno task contract` and `npm run contract`, next to a bare
 *    `node -e 0` and a bare `deno eval 0` measured in the same run (ratios).
 * 2. Verification of generated pacts with 10, 100 and 500 interactions
 *    against the real provider (its own process, fresh database, provider
 *    states): time per interaction, and the marginal cost between sizes.
 *
 * Writes `bench/contract_loop.svg` (the chart) and prints Markdown tables on
 * stderr (the verifier's own report goes to stdout). Run with Node, with
 * `deno` on PATH: `node bench/contract_loop.ts > /dev/null` (`RUNS`, default 3,
 * sets the runs of part 1).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { verifyPacts } from "../provider/contract/verify.ts";
import { SqliteUserStore } from "../provider/sqlite_user_store.ts";
import { providerEntry, repoPath } from "../scripts/provider_entry.ts";
import { startProviderProcess } from "../scripts/provider_process.ts";

const RUNS = Number(process.env.RUNS ?? 3);
const SIZES = [10, 100, 500];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time in ms of `command args` over RUNS runs; throws if it fails. */
function wallTime(command: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: repoPath(""), stdio: "ignore" });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
  }
  return median(times);
}

/** A pact of `size` GET interactions, each with its own user and provider state. */
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

async function verificationTimes(): Promise<[number, number][]> {
  const dir = mkdtempSync(join(tmpdir(), "user-service-bench-"));
  const times: [number, number][] = [];
  try {
    const usersDb = join(dir, "users.db");
    const token = "bench-token";
    using store = new SqliteUserStore(usersDb);
    const { command, args } = providerEntry();
    await using provider = await startProviderProcess(command, {
      args,
      env: { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
      onLine: () => {},
    });
    for (const size of SIZES) {
      const file = join(dir, `pact-${size}.json`);
      writeFileSync(file, JSON.stringify(generatedPact(size)));
      const started = performance.now();
      await verifyPacts(provider.url, {
        store,
        token,
        pactUrls: [file],
        logLevel: "error",
      });
      times.push([size, performance.now() - started]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/** A small line chart of verification time against interactions, as SVG. */
function chart(points: [number, number][]): string {
  const [w, h, pad] = [560, 320, 56];
  const maxX = Math.max(...points.map(([x]) => x));
  const maxY = Math.max(...points.map(([, y]) => y)) * 1.1;
  const x = (v: number) => pad + (v / maxX) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / maxY) * (h - 2 * pad);
  const path = points.map(([a, b], i) => `${i ? "L" : "M"}${x(a).toFixed(1)},${y(b).toFixed(1)}`);
  const dots = points.map(([a, b]) =>
    `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="4"/>` +
    `<text x="${(x(a) - 4).toFixed(1)}" y="${(y(b) - 10).toFixed(1)}" text-anchor="end">` +
    `${(b / 1000).toFixed(2)} s</text>`
  ).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${
    w / 2
  }" y="20" text-anchor="middle" font-size="14">Provider verification time by number of interactions</text>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>
${
    points.map(([a]) => `<text x="${x(a)}" y="${h - pad + 18}" text-anchor="middle">${a}</text>`)
      .join("")
  }
<text x="${w / 2}" y="${h - 12}" text-anchor="middle">interactions in the pact</text>
<text x="16" y="${h / 2}" transform="rotate(-90 16 ${h / 2})" text-anchor="middle">seconds</text>
<path d="${path.join(" ")}" fill="none" stroke="#2563eb" stroke-width="2"/>
<g fill="#2563eb">${dots}</g>
</svg>
`;
}

const node = wallTime("node", ["-e", "0"]);
const deno = wallTime("deno", ["eval", "0"]);
const denoLoop = wallTime("deno", ["task", "contract"]);
const npmLoop = wallTime("npm", ["run", "contract"]);
const times = await verificationTimes();
writeFileSync(repoPath("bench/contract_loop.svg"), chart(times));

const ratio = (ms: number) => `${(ms / node).toFixed(1)}x`;
console.error(`Contract loop, median of ${RUNS} runs (node ${process.version}):\n`);
console.error("| command | ms | / bare `node -e 0` |");
console.error("| --- | ---: | ---: |");
console.error(`| bare \`node -e 0\` | ${node.toFixed(0)} | 1.0x |`);
console.error(`| bare \`deno eval 0\` | ${deno.toFixed(0)} | ${ratio(deno)} |`);
console.error(
  `| \`deno task contract\` (8 interactions) | ${denoLoop.toFixed(0)} | ${ratio(denoLoop)} |`,
);
console.error(
  `| \`npm run contract\` (8 interactions) | ${npmLoop.toFixed(0)} | ${ratio(npmLoop)} |`,
);
console.error("\nVerification against the provider process, by pact size:\n");
console.error("| interactions | total ms | ms per interaction | marginal ms per interaction |");
console.error("| ---: | ---: | ---: | ---: |");
times.forEach(([size, ms], i) => {
  const marginal = i === 0 ? "" : ((ms - times[i - 1][1]) / (size - times[i - 1][0])).toFixed(2);
  console.error(`| ${size} | ${ms.toFixed(0)} | ${(ms / size).toFixed(2)} | ${marginal} |`);
});

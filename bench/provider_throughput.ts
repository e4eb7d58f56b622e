/**
 * `GET /users/1` throughput and latency of every way the provider is served,
 * one after the other in one run, with wrk on loopback (Debian's `wrk`: one
 * thread, 32 connections; the server has the other core):
 *
 * - the ceiling: a bare `Deno.serve` answering a constant JSON body;
 * - the provider's handler on a bare `Deno.serve` (`bench/bare_handler.ts`);
 * - the Deno provider as it ships (`provider/main.ts`);
 * - the Deno provider behind nginx, as on a network it cannot trust;
 * - Node's ceiling (a bare `node:http` answering the constant body) and the
 *   Node provider (`provider/main_node.ts`: express and its connection guard).
 *
 * The variants take turns, `BENCH_ROUNDS` times (default 3, each
 * `BENCH_SECONDS`, default 5, after a 2 s warm-up); each figure is the median
 * of its rounds. Prints the figures and the ratios `docs/performance.md`
 * quotes. Run with Node or Deno, with `deno`, `wrk` and `nginx` on PATH:
 * `node bench/provider_throughput.ts`.
 *
 * @module
 */
import { createServer } from "node:net";
import { join } from "node:path";
import process from "node:process";
import { denoFlags, entryPointPath } from "../provider/entry.ts";
import { startBehindNginx } from "../provider/faults/behind_nginx.ts";
import { Progress } from "../tooling/progress.ts";
import { repoPath } from "../tooling/repo.ts";
import type { Command } from "../tooling/runtime.ts";
import { type ProviderProcess, startProviderProcess } from "../tooling/server_process.ts";
import { wrk, type WrkResult } from "./_wrk.ts";
import { temporaryDir } from "../tooling/temp_dir.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TOKEN = "bench-token";
const deno = (path: string): Command => ({
  command: "deno",
  args: ["run", ...denoFlags(), path],
});
const node = (path: string): Command => ({ command: process.execPath, args: [path] });

/**
 * A port for nginx, which cannot be told to pick one: bound and released at
 * once (only this benchmark does that; nothing else may race for it here).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).once("error", reject);
  });
}

type Variant = [name: string, start: (env: Record<string, string>) => Promise<ProviderProcess>];
const plain = (command: Command) => (env: Record<string, string>) =>
  startProviderProcess(command.command, {
    args: [...command.args, "--seed"],
    env,
    onLine: () => {},
  });

const VARIANTS: Variant[] = [
  ["ceiling: bare `Deno.serve`, constant JSON", plain(deno(repoPath("bench/ceiling_server.ts")))],
  ["the handler on a bare `Deno.serve`", plain(deno(repoPath("bench/bare_handler.ts")))],
  ["Deno provider (`provider/main.ts`)", plain(deno(entryPointPath("deno")))],
  ["Deno provider behind nginx", async (env) => {
    const { command, args } = deno(entryPointPath("deno"));
    const listen = `127.0.0.1:${await freePort()}`;
    return await startBehindNginx({ command, args: [...args, "--seed"] }, { env, listen });
  }],
  [
    "Node ceiling: bare `node:http`, constant JSON",
    plain(node(repoPath("bench/ceiling_server_node.ts"))),
  ],
  ["Node provider (`provider/main_node.ts`)", plain(node(entryPointPath("node")))],
];

const dirTemp = temporaryDir("user-service-throughput-");
const dir = dirTemp.path;
const runs = new Map<string, WrkResult[]>(VARIANTS.map(([name]) => [name, []]));
try {
  const progress = new Progress("throughput", { total: VARIANTS.length * ROUNDS });
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, start] of VARIANTS) {
      progress.step(`${name} (round ${round + 1})`);
      await using server = await start({
        PORT: "0",
        USERS_DB: join(dir, `${round}-${runs.get(name)!.length}-${name.length}.db`),
        USER_SERVICE_TOKEN: TOKEN,
      });
      const url = new URL("/users/1", server.url);
      const headers = { Authorization: `Bearer ${TOKEN}` };
      await wrk(url, { seconds: 2, headers }); // warm up
      runs.get(name)!.push(await wrk(url, { seconds: SECONDS, headers }));
    }
  }
  progress.done();
} finally {
  dirTemp.remove();
}

const median = (values: number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const results = new Map<string, WrkResult>(
  [...runs].map(([name, rounds]) => [name, {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  }]),
);

const rps = (index: number) => results.get(VARIANTS[index][0])!.rps;
const percent = (a: number, b: number) => `${((rps(a) / rps(b)) * 100).toFixed(0)}%`;
console.log(
  `GET /users/1, wrk 1 thread, 32 connections, median of ${ROUNDS} rounds of ${SECONDS} s, ` +
    `node ${process.version}:\n`,
);
console.log("| server | req/s | p50 ms | p99 ms | non-2xx | errors |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of results) {
  console.log(
    `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${
      r.p99.toFixed(2)
    } | ${r.non2xx} | ${r.errors} |`,
  );
}
console.log(
  `\nDeno provider / the same handler on a bare Deno.serve: ${percent(2, 1)} (goal >= 90%)`,
);
console.log(`Deno provider / bare Deno.serve, constant body: ${percent(2, 0)} (goal >= 40%)`);
console.log(`Deno provider behind nginx / Deno provider: ${percent(3, 2)}`);
console.log(`Node provider / bare node:http, constant body: ${percent(5, 4)}`);

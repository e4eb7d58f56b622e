/**
 * `GET /users/1` throughput and latency of the Deno provider, the same
 * handler on a bare `Deno.serve` without the connection guard, the Node
 * (express) provider, and a bare `Deno.serve` answering a constant JSON body
 * as the ceiling, one after the other in one run, with autocannon on
 * loopback. Each run is bounded (`BENCH_SECONDS`, default 8).
 *
 * Run with Node, with `deno` on PATH: `node bench/provider_throughput.ts`.
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { PROVIDER_PERMISSIONS } from "../provider/entry.ts";
import { type Command } from "../tooling/runtime.ts";
import { repoPath } from "../tooling/repo.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { load, type LoadResult } from "./_autocannon.ts";
import { Progress } from "../tooling/progress.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TOKEN = "bench-token";

const variants: [string, Command][] = [
  ["ceiling: bare `Deno.serve`, constant JSON", {
    command: "deno",
    args: ["run", "--allow-net=127.0.0.1", repoPath("bench/ceiling_server.ts")],
  }],
  ["Deno provider without the connection guard (`bench/unguarded_provider.ts`)", {
    command: "deno",
    args: ["run", "--no-check", ...PROVIDER_PERMISSIONS, repoPath("bench/unguarded_provider.ts")],
  }],
  ["Deno provider (`provider/main.ts`)", {
    command: "deno",
    args: ["run", "--no-check", ...PROVIDER_PERMISSIONS, repoPath("provider/main.ts")],
  }],
  ["Node provider (`provider/main_node.ts`, express)", {
    command: process.execPath,
    args: [repoPath("provider/main_node.ts")],
  }],
];

const dir = mkdtempSync(join(tmpdir(), "user-service-throughput-"));
const results: [string, LoadResult][] = [];
try {
  const progress = new Progress("throughput", { total: variants.length });
  for (const [name, { command, args }] of variants) {
    progress.step(name);
    await using server = await startProviderProcess(command, {
      args: [...args, "--seed"],
      env: { PORT: "0", USERS_DB: join(dir, `${results.length}.db`), USER_SERVICE_TOKEN: TOKEN },
      onLine: () => {},
    });
    const url = new URL("/users/1", server.url);
    const headers = { Authorization: `Bearer ${TOKEN}` };
    await load(url, { seconds: 1, headers }); // warm up
    results.push([name, await load(url, { seconds: SECONDS, headers })]);
  }
  progress.done();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ceiling = results[0][1].rps;
console.log(`GET /users/1, 32 connections, ${SECONDS} s each, node ${process.version}:\n`);
console.log("| server | req/s | p50 ms | p99 ms | of ceiling | non-2xx | errors |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of results) {
  const share = `${((r.rps / ceiling) * 100).toFixed(0)}%`;
  console.log(
    `| ${name} | ${
      r.rps.toFixed(0)
    } | ${r.p50} | ${r.p99} | ${share} | ${r.non2xx} | ${r.errors} |`,
  );
}

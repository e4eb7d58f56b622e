/**
 * A bounded loopback load on the provider: `LOAD_SECONDS` (default 30) of
 * `GET /users/{1,2}` and `GET /users?ids=1,2` at 32 connections, after which
 * the data must be intact. Reports resident memory at start and end, and exits
 * non-zero on any error or non-2xx answer. Run with Node, with `deno` on PATH:
 * `node bench/load.ts [deno|node|binary]` (default `deno`: `provider/main.ts`;
 * `binary`: `dist/user-service-node`).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { denoFlags } from "../provider/entry.ts";
import { type Command } from "../tooling/runtime.ts";
import { repoPath } from "../tooling/repo.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { load } from "./_autocannon.ts";
import { Progress } from "../tooling/progress.ts";
import { temporaryDir } from "../tooling/temp_dir.ts";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const TOKEN = "load-token";
const providers: Record<string, Command> = {
  deno: {
    command: "deno",
    args: ["run", ...denoFlags(), repoPath("provider/main.ts")],
  },
  node: { command: process.execPath, args: [repoPath("provider/main_node.ts")] },
  binary: { command: repoPath("dist/user-service-node"), args: [] },
};

/** Resident memory of `pid` in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib) / 1024;
}

const which = process.argv[2] ?? "deno";
const provider = providers[which];
if (!provider) throw new Error(`Unknown provider "${which}": deno, node or binary`);
const dirTemp = temporaryDir("user-service-load-");
const dir = dirTemp.path;
let failed = false;
try {
  await using server = await startProviderProcess(provider.command, {
    args: [...provider.args, "--seed"],
    env: { PORT: "0", USERS_DB: join(dir, "users.db"), USER_SERVICE_TOKEN: TOKEN },
    onLine: () => {},
  });
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const rssStart = rssMiB(server.pid);
  const progress = new Progress(`load on the ${which} provider`, { total: SECONDS });
  let elapsed = 0;
  progress.step(`second 1 of ${SECONDS}`);
  const ticker = setInterval(() => progress.step(`second ${++elapsed + 1} of ${SECONDS}`), 1000);
  const runs = await Promise.all(
    ["/users/1", "/users/2", "/users?ids=1,2"].map((path) =>
      load(new URL(path, server.url), { seconds: SECONDS, connections: 10, headers })
    ),
  );
  clearInterval(ticker);
  progress.done();
  const rssEnd = rssMiB(server.pid);
  const total = runs.reduce((sum, r) => sum + r.requests, 0);
  const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
  const errors = runs.reduce((sum, r) => sum + r.errors, 0);
  const check = await fetch(new URL("/users?ids=1,2", server.url), { headers });
  const names = (await check.json()).users.map((u: { name: string }) => u.name).join(", ");
  console.log(
    `${which} provider, ${SECONDS} s, 30 connections: ${total} requests, ` +
      `${(total / SECONDS).toFixed(0)} req/s, ${non2xx} non-2xx, ${errors} errors; ` +
      `RSS ${rssStart.toFixed(1)} MiB at start, ${rssEnd.toFixed(1)} MiB at end; ` +
      `data afterwards: ${names}`,
  );
  failed = non2xx > 0 || errors > 0 || names !== "John Doe, Jane Smith";
} finally {
  dirTemp.remove();
}
if (failed) {
  console.error("Load check failed: errors, non-2xx answers, or changed data");
  process.exitCode = 1;
}

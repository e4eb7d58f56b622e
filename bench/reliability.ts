/**
 * The figures of `docs/reliability.md`, for every way
 * UserService runs here (see `_providers.ts`):
 *
 * - crash trials: SIGKILL at a random moment of a stream of writes, then the
 *   database read directly (`provider/faults/crash_trial.ts`);
 * - a held write lock: `/health` and `GET /users/1` latency while another
 *   process holds the lock, and how long the waiting write takes to get 503;
 * - three processes on one file: rounds of concurrent writes to one user;
 * - a flood of idle connections beyond the open-file limit: `/health`
 *   latency during it (the Deno provider behind nginx, see `docs/deno-server.md`).
 *
 * Run with Node, with `deno` on PATH: `node bench/reliability.ts`.
 * `TRIALS` sets the crash trials per provider (default 25).
 *
 * @module
 */
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import process from "node:process";
import { DatabaseSync } from "node:sqlite";
import { crashTrial } from "../provider/faults/crash_trial.ts";
import { inconsistencies, readDatabase } from "../provider/faults/consistency.ts";
import { write } from "../provider/faults/workload.ts";
import { type Command } from "../tooling/runtime.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { providerCommands } from "./_providers.ts";
import { startBehindNginx } from "../provider/faults/behind_nginx.ts";
import { httpGet } from "../tooling/http_get.ts";
import { Progress } from "../tooling/progress.ts";
import { temporaryDir } from "../tooling/temp_dir.ts";

const TRIALS = Number(process.env.TRIALS ?? 25);
const TOKEN = "reliability-token";

function start({ command, args }: Command, env: Record<string, string>) {
  return startProviderProcess(command, {
    args,
    env: { PORT: "0", USER_SERVICE_TOKEN: TOKEN, ...env },
    onLine: () => {},
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(url: URL): Promise<number> {
  const started = performance.now();
  const { status } = await httpGet(new URL("/", url), url.pathname, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  return performance.now() - started;
}

async function crashTrials(entry: Command, dir: string) {
  const usersDb = join(dir, "crash.db");
  let acknowledged = 0, sent = 0, lost = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const result = await crashTrial(() => start(entry, { USERS_DB: usersDb }), {
      usersDb,
      token: TOKEN,
      trial,
    });
    acknowledged += result.acknowledged;
    sent += result.sent;
    lost += result.problems.length;
    for (const problem of result.problems) console.error(`  trial ${trial}: ${problem}`);
  }
  return { acknowledged, sent, lost };
}

async function heldLock(entry: Command, dir: string) {
  const usersDb = join(dir, "lock.db");
  await using provider = await start(entry, { USERS_DB: usersDb });
  await write(provider.url, TOKEN, 1, { name: "John Doe", email: "john.doe@example.com" });
  const holder = new DatabaseSync(usersDb);
  holder.exec("BEGIN IMMEDIATE");
  try {
    const sent = performance.now();
    const waiting = write(provider.url, TOKEN, 1, { name: "Late", email: "late@example.com" })
      .then((status) => ({ status, ms: performance.now() - sent }));
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      latencies.push(await timed(new URL("/health", provider.url)));
      latencies.push(await timed(new URL("/users/1", provider.url)));
    }
    const refused = await waiting;
    return { p50: percentile(latencies, 50), max: Math.max(...latencies), refused };
  } finally {
    holder.exec("ROLLBACK");
    holder.close();
  }
}

async function severalProcesses(entry: Command, dir: string, rounds = 300) {
  const usersDb = join(dir, "shared.db");
  await using a = await start(entry, { USERS_DB: usersDb });
  await using b = await start(entry, { USERS_DB: usersDb });
  await using c = await start(entry, { USERS_DB: usersDb });
  let writes = 0;
  for (let round = 0; round < rounds; round++) {
    const id = 1 + (round % 3);
    await Promise.all([a, b, c].flatMap((p, i) =>
      [0, 1, 2, 3].map((k) => {
        writes++;
        return write(
          p.url,
          TOKEN,
          id,
          (round + i + k) % 5 === 4 ? "deleted" : { name: `p${i} r${round} k${k}`, email: "x@y.z" },
        );
      })
    ));
  }
  return { rounds, writes, problems: inconsistencies(readDatabase(usersDb)).length };
}

/**
 * `/health` while `connections` idle connections are held open against
 * `files` open files: for the Node adapter against the provider itself, for
 * `Deno.serve` (which bounds nothing itself) against nginx in front of it.
 */
async function flood(entry: Command, behindNginx: boolean, connections = 5000, files = 1024) {
  const limited = {
    command: "sh",
    args: ["-c", `ulimit -n ${files} && exec "$0" "$@"`, entry.command, ...entry.args],
  };
  await using provider = behindNginx
    ? await startBehindNginx(entry, {
      env: { PORT: "0", USER_SERVICE_TOKEN: TOKEN, USERS_DB: ":memory:" },
      fileLimit: files,
    })
    : await start(limited, { USERS_DB: ":memory:" });
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const socket = provider.url.protocol === "http+unix:"
        ? connect(decodeURIComponent(provider.url.hostname))
        : connect(Number(provider.url.port), provider.url.hostname);
      socket.on("error", () => {});
      sockets.push(socket);
    }
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) latencies.push(await timed(new URL("/health", provider.url)));
    return { connections, files, p50: percentile(latencies, 50), max: Math.max(...latencies) };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

const dirTemp = temporaryDir("user-service-reliability-");
const dir = dirTemp.path;
const rows: string[] = [];
try {
  const providers = providerCommands(process.execPath);
  const progress = new Progress("reliability", { total: providers.length * 4 });
  for (const [name, entry] of providers) {
    progress.step(`${name}: ${TRIALS} crash trials`);
    const crash = await crashTrials(entry, dir);
    progress.step(`${name}: held lock`);
    const lock = await heldLock(entry, dir);
    progress.step(`${name}: three processes on one file`);
    const shared = await severalProcesses(entry, dir);
    progress.step(`${name}: connection flood`);
    const behindNginx = name.startsWith("Deno");
    const flooded = await flood(entry, behindNginx);
    rows.push(
      `| ${name} | ${TRIALS} kills, ${crash.acknowledged} of ${crash.sent} writes acknowledged, ` +
        `${crash.lost} lost | ${lock.p50.toFixed(1)} / ${lock.max.toFixed(0)} ms; ` +
        `write: ${lock.refused.status} after ${lock.refused.ms.toFixed(0)} ms | ` +
        `${shared.rounds} rounds, ${shared.writes} writes, ${shared.problems} disagreeing | ` +
        `${flooded.connections} idle at ${flooded.files} files${behindNginx ? " (nginx)" : ""}: ` +
        `${flooded.p50.toFixed(1)} / ` +
        `${flooded.max.toFixed(0)} ms |`,
    );
  }
  progress.done();
} finally {
  dirTemp.remove();
}
console.log(`node ${process.version}; reads are p50 / max\n`);
console.log(
  "| provider | SIGKILL during writes | reads while another process holds the write lock | " +
    "three processes on one file | `/health` during a connection flood |",
);
console.log("| --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);

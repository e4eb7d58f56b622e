/**
 * Trials of UserService against hostile clients, for any way it runs:
 * connections that send nothing, headers or a body sent a byte at a time,
 * floods of connections beyond the open-file limit, and accepts that fail for
 * want of a descriptor. Each trial starts its own service through `start`
 * (the provider alone, or behind nginx) and throws on a broken guarantee.
 * Short bounds (`IDLE_TIMEOUT_MS=300`, `REQUEST_TIMEOUT_MS=1000`) keep them
 * quick; the defaults (5 s, 10 s) are what `config_test.ts` checks.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { connect, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { httpGet } from "../../tooling/http_get.ts";
import type { ProviderProcess } from "../../tooling/server_process.ts";
import { waitForHealth } from "../../tooling/wait_for_health.ts";

/** The token the trials' services accept. */
export const TOKEN = "connections-token";

/** The environment of a trial's service, with the short bounds. */
export const FAST = {
  PORT: "0",
  USERS_DB: ":memory:",
  USER_SERVICE_TOKEN: TOKEN,
  IDLE_TIMEOUT_MS: "300",
  REQUEST_TIMEOUT_MS: "1000",
};

/** Starts the service under trial with `env` added to {@linkcode FAST}, at most `fileLimit` open files. */
export type StartService = (
  env: Record<string, string>,
  options: { fileLimit?: number },
) => Promise<ProviderProcess>;

/** A raw connection to `url` (TCP, or a Unix socket), and when (ms after connecting) it closed. */
function connectTo(url: URL): Socket {
  return url.protocol === "http+unix:"
    ? connect(decodeURIComponent(url.hostname))
    : connect(Number(url.port), url.hostname);
}

async function open(url: URL): Promise<{ socket: Socket; closedAfter: Promise<number> }> {
  const socket = connectTo(url);
  socket.on("error", () => {});
  socket.on("data", () => {});
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const opened = performance.now();
  const closedAfter = new Promise<number>((resolve) => {
    socket.once("close", () => resolve(performance.now() - opened));
  });
  return { socket, closedAfter };
}

/** Writes `text` one byte every `everyMs` until the socket closes; returns a stop function. */
function trickle(socket: Socket, text: string, everyMs: number): () => void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) return clearInterval(timer);
    socket.write(text[at++]);
  }, everyMs);
  return () => clearInterval(timer);
}

async function healthy(url: URL): Promise<boolean> {
  return (await httpGet(url, "/health", { timeoutMs: 3000 })).status === 200;
}

/** Closed within `withinMs`, and not at once (so it was the bound, not a refusal). */
async function assertClosedByBound(closedAfter: Promise<number>, withinMs: number, what: string) {
  const timeout = new Promise<number>((resolve) => {
    const timer = setTimeout(() => resolve(Number.POSITIVE_INFINITY), withinMs);
    void closedAfter.then(() => clearTimeout(timer));
  });
  const ms = await Promise.race([closedAfter, timeout]);
  assert.ok(ms <= withinMs, `${what}: still open after ${withinMs} ms`);
  assert.ok(ms >= 250, `${what}: closed after only ${ms.toFixed(0)} ms`);
}

/** An idle connection, before or between requests, is closed. */
export async function idleConnectionsAreClosed(start: StartService): Promise<void> {
  await using service = await start({}, {});
  const silent = await open(service.url);
  const kept = await open(service.url);
  kept.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\n\r\n`);
  await assertClosedByBound(silent.closedAfter, 3000, "a connection that sends nothing");
  await assertClosedByBound(kept.closedAfter, 3000, "a keep-alive connection after a request");
  assert.ok(await healthy(service.url));
}

/** Headers or a body sent a byte at a time are cut off. */
export async function slowClientsAreCutOff(start: StartService): Promise<void> {
  await using service = await start({}, {});
  const headers = await open(service.url);
  const stopHeaders = trickle(
    headers.socket,
    `GET /users/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n${
      "X-Pad: y\r\n".repeat(50)
    }\r\n`,
    50,
  );
  const body = await open(service.url);
  body.socket.write(
    `PUT /users/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 200\r\n\r\n`,
  );
  const stopBody = trickle(body.socket, `{"name": "${"n".repeat(180)}", "email": "a@b.c"}`, 50);
  try {
    await assertClosedByBound(headers.closedAfter, 4000, "slow headers");
    await assertClosedByBound(body.closedAfter, 4000, "a slow body");
  } finally {
    stopHeaders();
    stopBody();
  }
  assert.ok(await healthy(service.url));
}

/** A flood of idle connections beyond the open-file limit neither stops it nor crowds others out. */
export async function floodsDoNotCrowdOthersOut(start: StartService): Promise<void> {
  // 256 files: a few dozen connections fit; the flood is 1000, held open.
  await using service = await start({ IDLE_TIMEOUT_MS: "60000" }, { fileLimit: 256 });
  const flood: Socket[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const socket = connectTo(service.url);
      socket.on("error", () => {});
      flood.push(socket);
    }
    await delay(200); // let the flood land
    for (let i = 0; i < 5; i++) assert.ok(await healthy(service.url), `request ${i}`);
  } finally {
    for (const socket of flood) socket.destroy();
  }
  assert.ok(await healthy(service.url), "alive after the flood");
}

/** A failed accept (no file descriptor left) is not fatal. */
export async function failedAcceptsAreNotFatal(start: StartService): Promise<void> {
  // MAX_CONNECTIONS beyond what 128 files hold: accepts fail for want of a descriptor.
  await using service = await start(
    { IDLE_TIMEOUT_MS: "60000", MAX_CONNECTIONS: "5000" },
    { fileLimit: 128 },
  );
  const flood: Socket[] = [];
  try {
    for (let i = 0; i < 400; i++) {
      const socket = connectTo(service.url);
      socket.on("error", () => {});
      flood.push(socket);
    }
    await delay(300);
  } finally {
    for (const socket of flood) socket.destroy();
  }
  // Until the flood's sockets are closed on the server's side it may still have no
  // descriptor to spare (Node's libuv then resets new connections): it must recover.
  await waitForHealth(new URL("/health", service.url), { timeoutMs: 5000 });
  for (let i = 0; i < 5; i++) assert.ok(await healthy(service.url), `request ${i}`);
}

/** The TCP ports process `pid` listens on, as `ss` (iproute2) lists them. */
export function listeningPorts(pid: number): number[] {
  const listing = execFileSync("ss", ["-Hltnp"], { encoding: "utf8" });
  return listing.split("\n").filter((line) => line.includes(`pid=${pid},`)).map((line) => {
    const local = line.trim().split(/\s+/)[3];
    return Number(local.slice(local.lastIndexOf(":") + 1));
  });
}

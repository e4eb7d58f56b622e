/**
 * Hostile clients against UserService as its own process, on every entry
 * point: connections that send nothing, headers or a body sent a byte at a
 * time, and floods of connections beyond the open-file limit. Short bounds
 * (`IDLE_TIMEOUT_MS=300`, `REQUEST_TIMEOUT_MS=1000`) keep the tests quick; the
 * defaults (5 s, 10 s) are what `config_test.ts` checks.
 *
 * @module
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { test } from "node:test";
import { type Command } from "../../../tooling/runtime.ts";
import { startProviderProcess } from "../../../tooling/server_process.ts";
import { waitForHealth } from "../../../tooling/wait_for_health.ts";
import { ENTRY_POINTS } from "../_entry_points.ts";

const TOKEN = "connections-token";
const FAST = { IDLE_TIMEOUT_MS: "300", REQUEST_TIMEOUT_MS: "1000" };

/** `entry` started through a shell that first lowers the open-file limit to `files`. */
function withFileLimit({ command, args }: Command, files: number): Command {
  return { command: "sh", args: ["-c", `ulimit -n ${files} && exec "$0" "$@"`, command, ...args] };
}

function start(entry: Command, env: Record<string, string> = {}) {
  return startProviderProcess(entry.command, {
    args: entry.args,
    env: { PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: TOKEN, ...FAST, ...env },
    onLine: () => {},
  });
}

/** A raw connection, and when (ms after connecting) the server closed it. */
async function open(url: URL): Promise<{ socket: Socket; closedAfter: Promise<number> }> {
  const socket = connect(Number(url.port), url.hostname);
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
  const response = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(3000) });
  await response.body?.cancel();
  return response.ok;
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

for (const { name, entry, skip } of ENTRY_POINTS) {
  test(`${name}: an idle connection, before or between requests, is closed`, {
    skip,
  }, async () => {
    await using provider = await start(entry);
    const silent = await open(provider.url);
    const kept = await open(provider.url);
    kept.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\n\r\n`);
    await assertClosedByBound(silent.closedAfter, 3000, "a connection that sends nothing");
    await assertClosedByBound(kept.closedAfter, 3000, "a keep-alive connection after a request");
    assert.ok(await healthy(provider.url));
  });

  test(`${name}: headers or a body sent a byte at a time are cut off`, { skip }, async () => {
    await using provider = await start(entry);
    const headers = await open(provider.url);
    const stopHeaders = trickle(
      headers.socket,
      `GET /users/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n${
        "X-Pad: y\r\n".repeat(50)
      }\r\n`,
      50,
    );
    const body = await open(provider.url);
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
    assert.ok(await healthy(provider.url));
  });

  test(
    `${name}: a flood of idle connections beyond the open-file limit neither stops it nor crowds others out`,
    {
      skip,
    },
    async () => {
      // 256 files: a few dozen connections fit; the flood is 1000, held open.
      await using provider = await start(withFileLimit(entry, 256), { IDLE_TIMEOUT_MS: "60000" });
      const flood: Socket[] = [];
      try {
        for (let i = 0; i < 1000; i++) {
          const socket = connect(Number(provider.url.port), provider.url.hostname);
          socket.on("error", () => {});
          flood.push(socket);
        }
        await new Promise((resolve) => setTimeout(resolve, 200)); // let the flood land
        for (let i = 0; i < 5; i++) assert.ok(await healthy(provider.url), `request ${i}`);
      } finally {
        for (const socket of flood) socket.destroy();
      }
      assert.ok(await healthy(provider.url), "alive after the flood");
    },
  );

  test(`${name}: a failed accept (no file descriptor left) is not fatal`, { skip }, async () => {
    // MAX_CONNECTIONS beyond what 128 files hold: accepts fail for want of a descriptor.
    await using provider = await start(withFileLimit(entry, 128), {
      IDLE_TIMEOUT_MS: "60000",
      MAX_CONNECTIONS: "5000",
    });
    const flood: Socket[] = [];
    try {
      for (let i = 0; i < 400; i++) {
        const socket = connect(Number(provider.url.port), provider.url.hostname);
        socket.on("error", () => {});
        flood.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      for (const socket of flood) socket.destroy();
    }
    // Until the flood's sockets are closed on the server's side it may still have no
    // descriptor to spare (Node's libuv then resets new connections): it must recover.
    await waitForHealth(new URL("/health", provider.url), { timeoutMs: 5000 });
    for (let i = 0; i < 5; i++) assert.ok(await healthy(provider.url), `request ${i}`);
  });
}

/**
 * `deno task stack` as the README shows it: a PUT on one UserService
 * instance reaches OrderService's orders, and Ctrl-C stops everything.
 * Needs Debian's postgresql and nats-server: without them it fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { scriptCommand } from "../../tooling/runtime.ts";

test("stack: a PUT on instance B reaches OrderService's orders; SIGINT stops it all", async () => {
  const { command, args } = scriptCommand("scripts/stack.ts");
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = once(child, "exit");
  const lines: string[] = [];
  const waiters: [RegExp, (match: RegExpExecArray) => void][] = [];
  const seen = (pattern: RegExp, ms = 20_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const found = lines.map((l) => pattern.exec(l)).find(Boolean);
      if (found) return resolve(found);
      const timer = setTimeout(
        () => reject(new Error(`no ${pattern} in:\n${lines.join("\n")}`)),
        ms,
      );
      waiters.push([pattern, (match) => (clearTimeout(timer), resolve(match))]);
    });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const [pattern, resolve] of waiters) {
        const match = pattern.exec(line);
        if (match) resolve(match);
      }
    });
  }
  try {
    const [, b] = await seen(/^UserService B\s+(http:\/\/\S+)$/);
    const [, token] = await seen(/^token\s+(\S+)$/);
    await seen(/^\[orders\] OrderService subscribed/);
    const response = await fetch(new URL("/users/1", b), {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "John Q. Doe", email: "jqd@example.com" }),
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    await seen(
      /^\[orders\] OrderService applied user\.updated v2 of user 1 .*: 1 order\(s\) changed$/,
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGINT");
    await exited;
  }
  assert.ok(lines.includes("[stack] stopped"), lines.join("\n"));
});

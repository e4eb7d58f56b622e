/**
 * `deno task stack` (`npm run stack` on Node) as the README shows it, run
 * the way a terminal runs it: a PUT on one UserService instance reaches
 * OrderService's orders, a DELETE reaches both consumers, and Ctrl-C, which
 * a terminal sends to the task's whole process group, stops everything and
 * leaves no process and no folder behind. Needs Debian's postgresql and
 * nats-server: without them it fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import process from "node:process";
import { test } from "node:test";
import { eventually } from "../../tooling/eventually.ts";
import { outputLines } from "../../tooling/output_lines.ts";
import { groupMembers } from "../../tooling/process_group.ts";
import { repoPath } from "../../tooling/repo.ts";

/** The task as a user types it, in a process group of its own, as a terminal starts it. */
function startStack() {
  const [command, args] = "Deno" in globalThis
    ? [process.execPath, ["task", "stack"]]
    : ["npm", ["run", "stack"]];
  return spawn(command, args, {
    cwd: repoPath(""),
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

test("stack: a PUT on B reaches OrderService, a DELETE both consumers; Ctrl-C to the process group stops it all", async () => {
  const child = startStack();
  const exited = once(child, "exit");
  const { lines, line } = outputLines([child.stdout!, child.stderr!]);
  const seen = async (pattern: RegExp) => (await line(pattern)).match;
  let postgresFolder = "";
  try {
    const [, postgres] = await seen(/^PostgreSQL\s+postgres:\/\/\S+\?host=(\S+)$/);
    postgresFolder = postgres;
    const [, a] = await seen(/^UserService A\s+(http:\/\/\S+)$/);
    const [, b] = await seen(/^UserService B\s+(http:\/\/\S+)$/);
    const [, token] = await seen(/^token\s+(\S+)$/);
    await seen(/^\[orders\] OrderService subscribed/);
    await seen(/^\[notices\] NotificationService subscribed/);
    const send = async (url: URL, method: string, body?: unknown) => {
      const response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await response.body?.cancel();
      return response.status;
    };
    assert.equal(
      await send(new URL("/users/1", b), "PUT", { name: "John Q. Doe", email: "jqd@example.com" }),
      200,
    );
    await seen(
      /^\[orders\] OrderService applied user\.updated v2 of user 1 .*: 1 order\(s\) changed$/,
    );
    assert.equal(await send(new URL("/users/2", a), "DELETE"), 204);
    await seen(
      /^\[orders\] OrderService applied user\.deleted v2 of user 2 .*: 1 order\(s\) changed$/,
    );
    await seen(
      /^\[notices\] NotificationService suppressed notices to user 2 \(user\.deleted v2, /,
    );
  } finally {
    // Ctrl-C in a terminal: SIGINT to every process of the task's group at once.
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGINT");
    await exited;
  }
  assert.ok(lines.includes("[stack] stopped"), lines.join("\n"));
  await eventually(
    () => `nothing of the task's group still runs: ${groupMembers(child.pid!).join("; ")}`,
    () => groupMembers(child.pid!).length === 0,
  );
  assert.ok(postgresFolder !== "" && !existsSync(postgresFolder), `${postgresFolder} is gone`);
  // The postmaster runs as `postgres -D <folder>/data …`; pgrep exits 1 when nothing matches.
  const postmasters = spawnSync("pgrep", ["-f", "--", `-D ${postgresFolder}/data`], {
    encoding: "utf8",
  });
  assert.equal(postmasters.status, 1, `PostgreSQL stopped (still running: ${postmasters.stdout})`);
});

/**
 * Watch mode as a developer meets it: the first run, a provider change that
 * only verifies, and Ctrl-C in the middle of a run leaving no process behind.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { repoPath } from "../tooling/repo.ts";
import { scriptCommand } from "../tooling/runtime.ts";

/**
 * Resolves with the first line of `child`'s output from line `from` on
 * matching `pattern`, within `ms`.
 */
function lineMatching(
  lines: string[],
  child: ChildProcess,
  pattern: RegExp,
  { from = 0, ms = 20_000 } = {},
) {
  return new Promise<RegExpExecArray>((resolve, reject) => {
    const seen = lines.slice(from).map((line) => pattern.exec(line)).find(Boolean);
    if (seen) return resolve(seen);
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${ms} ms:\n${lines.join("\n")}`)),
      ms,
    );
    const onLine = (line: string) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("line", onLine);
      resolve(match);
    };
    child.stdout!.on("line", onLine);
  });
}

function startDev() {
  const { command, args } = scriptCommand("scripts/dev.ts");
  const child = spawn(command, args, {
    cwd: repoPath(""),
    env: { ...process.env, PACT_DO_NOT_TRACK: "true", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  reader.on("line", (line) => {
    lines.push(line);
    child.stdout!.emit("line", line);
  });
  child.stderr!.resume();
  return { child, lines };
}

function groupAlive(pgid: number): boolean {
  const ps = spawnSync("ps", ["-eo", "pgid="], { encoding: "utf8" });
  return ps.stdout.split("\n").some((line) => Number(line.trim()) === pgid);
}

test("dev: a provider change only verifies; Ctrl-C mid-run leaves no provider behind", async () => {
  const { child, lines } = startDev();
  const exited = once(child, "exit");
  try {
    await lineMatching(lines, child, /── run 1: passed/);
    // Saving a provider file (same content) is a provider change.
    const path = repoPath("provider/service/json_response.ts");
    writeFileSync(path, readFileSync(path));
    const [, group] = await lineMatching(
      lines,
      child,
      /── run 2: the provider's checks \(provider\/service\/json_response\.ts changed; process group (\d+)\)/,
    );
    const run2 = lines.findIndex((line) => line.includes("── run 2: the provider's checks"));
    await lineMatching(lines, child, /\[provider\] UserService listening/, { from: run2 });
    process.kill(child.pid!, "SIGINT");
    await exited;
    assert.equal(groupAlive(Number(group)), false, "the run's processes are all gone");
    assert.ok(!lines.some((line) => line.includes("── run 2: passed")), "stopped mid-run");
    assert.ok(lines.some((line) => line === "Stopped watching."), lines.join("\n"));
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

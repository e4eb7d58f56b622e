/**
 * Ctrl-C in a terminal on the tasks that run the Pact tests: SIGINT to the
 * whole process group of `deno task …` (`npm run …` on Node) while the tests
 * run. Each must stop, leaving no process and nothing in the temporary
 * folder: not its own folders, nor those of the test it was running, whose
 * `finally` never runs when its runner is interrupted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import process from "node:process";
import { test } from "node:test";
import { eventually } from "../tooling/eventually.ts";
import { outputLines } from "../tooling/output_lines.ts";
import { alive, descendants, groupMembers } from "../tooling/process_group.ts";
import { withRepoCopy } from "../tooling/repo_copy.ts";
import { scriptCommand } from "../tooling/runtime.ts";
import { withTempDir } from "../tooling/temp_dir.ts";

/**
 * What is in `tmp` but a cache Node keeps there on purpose (npm turns on
 * Node's compile cache, whose default home is the temporary folder).
 */
function leftBehind(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name !== "node-compile-cache");
}

// Each task, and a line it prints once the tests it runs are under way.
const TASKS = {
  pact: /UserService/,
  verify: /Verifying a pact/,
  contract: /Verifying a pact/,
};

for (const [task, underWay] of Object.entries(TASKS)) {
  test(`Ctrl-C on the ${task} task while its tests run leaves no process and no temporary folder`, async () => {
    // In a copy of the repository: the tasks write pacts/, which other tests read.
    await withRepoCopy((root) =>
      withTempDir(async (tmp) => {
        const [command, args] = "Deno" in globalThis
          ? [process.execPath, ["task", task]]
          : ["npm", ["run", task]];
        const child = spawn(command, args, {
          cwd: root,
          env: { ...process.env, NO_COLOR: "1", TMPDIR: tmp },
          stdio: ["ignore", "pipe", "pipe"],
          detached: true, // a process group of its own, as a terminal starts it
        });
        const exited = once(child, "exit");
        const { lines, line } = outputLines([child.stdout!, child.stderr!]);
        try {
          await Promise.race([
            line(underWay, { ms: 60_000 }),
            exited.then(() => assert.fail(`it ended before its tests ran:\n${lines.join("\n")}`)),
          ]);
          process.kill(-child.pid!, "SIGINT");
          const [code, signal] = await exited;
          assert.ok(code !== 0 || signal !== null, `it finished instead:\n${lines.join("\n")}`);
          await eventually(
            () => `all stopped; still running: ${groupMembers(child.pid!).join("; ")}`,
            () => groupMembers(child.pid!).length === 0,
          );
          await eventually(
            () => `nothing left; left behind: ${leftBehind(tmp).join(", ")}\n${lines.join("\n")}`,
            () => leftBehind(tmp).length === 0,
          );
        } finally {
          if (groupMembers(child.pid!).length > 0) process.kill(-child.pid!, "SIGKILL");
        }
      })
    );
  });
}

test("SIGTERM to the verify task alone stops what it started too", async () => {
  await withTempDir(async (tmp) => {
    // The task's own process (no deno task or npm in between), as a supervisor stops it.
    const { command, args } = scriptCommand("scripts/verify.ts");
    const child = spawn(command, args, {
      env: { ...process.env, NO_COLOR: "1", TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit");
    const { lines } = outputLines([child.stdout!, child.stderr!]);
    let started: number[] = [];
    try {
      // The test run, and the UserService it starts before it verifies.
      await eventually(
        () => `the test run and its UserService; found ${descendants(child.pid!).length}`,
        () => (started = descendants(child.pid!)).length >= 2,
        { ms: 60_000 },
      );
      child.kill("SIGTERM");
      const [code, signal] = await exited;
      assert.ok(code !== 0 || signal !== null, `it finished instead:\n${lines.join("\n")}`);
      await eventually(
        () => `all stopped; still running: ${started.filter(alive).join(", ")}`,
        () => !started.some(alive),
      );
      await eventually(
        () => `nothing left; left behind: ${leftBehind(tmp).join(", ")}`,
        () => leftBehind(tmp).length === 0,
      );
    } finally {
      for (const pid of [child.pid!, ...started].filter(alive)) process.kill(pid, "SIGKILL");
    }
  });
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { scriptCommand } from "./runtime.ts";

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`cleanUpOnSignal(): ${signal} runs the clean-up, then exits with ${code} (128 + its number)`, async () => {
    const { command, args } = scriptCommand("tooling/_signal_child.ts");
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(child, "exit");
    const lines: string[] = [];
    const lineReader = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve) =>
      lineReader.on("line", (line) => {
        lines.push(line);
        if (line === "ready") resolve();
      })
    );
    await ready;
    // process.kill, not child.kill: Deno then reports the signal, not the exit code.
    process.kill(child.pid!, signal);
    const [exitCode] = await exited;
    assert.equal(exitCode, code);
    assert.deepEqual(lines, ["ready", "cleaned up"]);
  });
}

/**
 * `scripts/` holds thin entry points: each parses its arguments and calls a
 * module, and nothing runs when one is imported.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { repoPath } from "../tooling/repo.ts";

const ENTRIES = readdirSync(repoPath("scripts"))
  .filter((name) => name.endsWith(".ts") && !name.endsWith("_test.ts"))
  .sort();

test("every entry point is thin: it calls runAsMain and a module, in a few lines", () => {
  assert.ok(ENTRIES.length >= 10, ENTRIES.join(", "));
  for (const name of ENTRIES) {
    const text = readFileSync(repoPath(`scripts/${name}`), "utf8");
    assert.match(text, /await runAsMain\(\s*import\.meta,/, `${name} runs through runAsMain`);
    const code = text.replace(/\/\*\*[\s\S]*?\*\//, "").split("\n").filter((l) => l.trim());
    assert.ok(
      code.length <= 40,
      `${name}: ${code.length} lines of code; move the work to a module`,
    );
  }
});

test("importing an entry point runs nothing", async () => {
  const exitCode = process.exitCode;
  const listeners = ["SIGINT", "SIGTERM"].map((s) => process.listenerCount(s));
  for (const name of ENTRIES) {
    const started = performance.now();
    await import(pathToFileURL(repoPath(`scripts/${name}`)).href);
    assert.ok(performance.now() - started < 5000, `${name} took long to import`);
  }
  assert.equal(process.exitCode, exitCode, "no entry set an exit code");
  assert.deepEqual(
    ["SIGINT", "SIGTERM"].map((s) => process.listenerCount(s)),
    listeners,
    "no entry started anything that waits for a signal",
  );
});

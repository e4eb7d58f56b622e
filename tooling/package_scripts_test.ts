/**
 * The npm scripts work on a fresh clone: what they write to must exist
 * before anything else has run.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { repoPath } from "./repo.ts";

const scripts: Record<string, string> = JSON.parse(
  readFileSync(repoPath("package.json"), "utf8"),
).scripts;

/** Whether the repository is a git checkout, where "tracked" can be asked. */
function trackedFiles(folder: string): string[] | undefined {
  try {
    return execFileSync("git", ["ls-files", "--", folder], { cwd: repoPath(""), encoding: "utf8" })
      .split("\n").filter(Boolean);
  } catch {
    return undefined;
  }
}

test("every folder an npm script's test reporter writes to is in every clone", (t) => {
  const destinations = Object.values(scripts).flatMap((command) =>
    [...command.matchAll(/--test-reporter-destination=(\S+)/g)].map((m) => m[1])
      .filter((path) => path !== "stdout" && path !== "stderr")
  );
  assert.ok(destinations.length > 0, "npm test writes a JUnit report");
  for (const destination of destinations) {
    const tracked = trackedFiles(dirname(destination));
    if (tracked === undefined) return t.skip("skipped: not a git checkout, nothing to ask");
    // node --test does not create the folder of a reporter destination (ENOENT on a fresh clone).
    assert.ok(tracked.length > 0, `${dirname(destination)}/ holds no tracked file`);
  }
});

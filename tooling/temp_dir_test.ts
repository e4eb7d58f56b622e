import assert from "node:assert/strict";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { temporaryDir, withTempDir } from "./temp_dir.ts";

test("temporaryDir(): a private folder, removed with what it holds when disposed", () => {
  let path: string;
  {
    using dir = temporaryDir("temp-dir-test-");
    path = dir.path;
    assert.equal(statSync(path).mode & 0o077, 0, "no one else may write in it");
    writeFileSync(join(path, "a.txt"), "a");
  }
  assert.equal(existsSync(path), false);
});

test("withTempDir(): the folder is removed when the body fails too", async () => {
  let path = "";
  await assert.rejects(
    withTempDir((dir) => {
      path = dir;
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(existsSync(path), false);
});

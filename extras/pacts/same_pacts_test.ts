import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pactDifferences } from "./same_pacts.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

const pact = (metadata: object, interactions: object[]) =>
  JSON.stringify({ consumer: { name: "C" }, provider: { name: "P" }, interactions, metadata });

function withDirs(files: [Record<string, string>, Record<string, string>]) {
  const dirs = files.map((contents) => {
    const dirTemp = temporaryDir("same-pacts-");
    const dir = dirTemp.path;
    for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
    return dir;
  });
  return {
    differences: pactDifferences(dirs[0], dirs[1]),
    [Symbol.dispose]: () => dirs.forEach((dir) => rmSync(dir, { recursive: true })),
  };
}

test("pactDifferences() ignores metadata", () => {
  using result = withDirs([
    { "C-P.json": pact({ "pact-js": { version: "1" } }, [{ description: "a" }]) },
    { "C-P.json": pact({ "pact-js": { version: "2" } }, [{ description: "a" }]) },
  ]);
  assert.deepEqual(result.differences, []);
});

test("pactDifferences() reports a changed interaction and a missing file", () => {
  using result = withDirs([
    { "C-P.json": pact({}, [{ description: "a" }]), "C-Q.json": pact({}, []) },
    { "C-P.json": pact({}, [{ description: "b" }]) },
  ]);
  assert.equal(result.differences.length, 2);
  assert.match(result.differences[0], /^C-P\.json: the contracts differ$/);
  assert.match(result.differences[1], /^C-Q\.json: only in /);
});

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { pactSlices } from "./slices.ts";

/** A pact file in `dir` of `count` interactions `d000`, `d001`, …. */
function pactOf(dir: string, count: number): string {
  const path = join(dir, "C-UserService.json");
  const interactions = Array.from({ length: count }, (_, n) => ({
    description: `d${String(n).padStart(3, "0")}`,
  }));
  writeFileSync(
    path,
    JSON.stringify({ consumer: { name: "C" }, interactions, metadata: { m: 1 } }),
  );
  return path;
}

/** The descriptions in the slices at `paths`, in order. */
function descriptionsIn(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    JSON.parse(readFileSync(path, "utf8")).interactions.map((i: { description: string }) =>
      i.description
    )
  );
}

test("pactSlices(): a small pact, whole, stays where it is", async () => {
  await withTempDir((dir) => {
    const path = pactOf(dir, 9);
    assert.deepEqual(pactSlices([path], dir), [path]);
  });
});

test("pactSlices(): a large pact in slices of at most 100, every interaction once, the rest kept", async () => {
  await withTempDir((dir) => {
    const path = pactOf(dir, 250);
    const slices = pactSlices([path], dir);
    assert.equal(slices.length, 3);
    assert.deepEqual(descriptionsIn(slices), descriptionsIn([path]));
    const first = JSON.parse(readFileSync(slices[0], "utf8"));
    assert.equal(first.interactions.length, 100);
    assert.deepEqual(first.consumer, { name: "C" });
    assert.deepEqual(first.metadata, { m: 1 });
  });
});

test("pactSlices(): the parts of a pact hold each interaction once between them", async () => {
  await withTempDir((dir) => {
    const path = pactOf(dir, 9);
    const parts = [0, 1].map((index) =>
      descriptionsIn(pactSlices([path], dir, { part: { index, of: 2 } }))
    );
    assert.deepEqual([...parts[0], ...parts[1]].sort(), descriptionsIn([path]));
    assert.equal(parts[0].filter((d) => parts[1].includes(d)).length, 0);
  });
});

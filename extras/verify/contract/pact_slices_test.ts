import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { slicePacts } from "./pact_slices.ts";

function pactOf(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  const interactions = Array.from({ length: size }, (_, n) => ({ description: `i${n}` }));
  writeFileSync(
    path,
    JSON.stringify({ consumer: { name: "C" }, metadata: { x: 1 }, interactions }),
  );
  return path;
}

test("slicePacts() cuts a large pact into slices that hold every interaction once", async () => {
  await withTempDir((dir) => {
    const small = pactOf(dir, "small.json", 3);
    const large = pactOf(dir, "large.json", 250);
    let sliceDir = "";
    {
      using slices = slicePacts([small, large], 100);
      assert.equal(slices.paths[0], small, "a small pact is used as it is");
      assert.equal(slices.paths.length, 4);
      const parts = slices.paths.slice(1).map((p) => JSON.parse(readFileSync(p, "utf8")));
      assert.deepEqual(parts.map((p) => p.interactions.length), [100, 100, 50]);
      assert.deepEqual(
        parts.flatMap((p) => p.interactions.map((i: { description: string }) => i.description)),
        Array.from({ length: 250 }, (_, n) => `i${n}`),
      );
      assert.deepEqual(parts[2].consumer, { name: "C" });
      sliceDir = slices.paths[1];
    }
    assert.equal(existsSync(sliceDir), false, "the slices are removed");
    return Promise.resolve();
  });
});

import assert from "node:assert/strict";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { selfVerification } from "./commands.ts";

test("the self-verification is the newest test report, passed only without failures", async () => {
  await withTempDir((dir) => {
    const deno = join(dir, "deno-test.xml");
    const node = join(dir, "node-test.xml");
    assert.throws(() => selfVerification([deno, node]), /run deno task test first/);
    writeFileSync(deno, `<testsuites name="deno test" tests="12" failures="0" errors="0">`);
    assert.deepEqual(selfVerification([deno, node]), {
      passed: true,
      resultsFile: deno,
      verifier: "deno task test",
    });
    writeFileSync(node, `<?xml version="1.0"?>\n<testsuites tests="12" failures="2">`);
    utimesSync(node, new Date(), new Date(Date.now() + 60_000)); // newer than deno-test.xml
    assert.deepEqual(selfVerification([deno, node]), {
      passed: false,
      resultsFile: node,
      verifier: "npm test",
    });
    return Promise.resolve();
  });
});

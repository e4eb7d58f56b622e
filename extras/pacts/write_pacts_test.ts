/**
 * `deno task pact` as a user meets it: `pacts/` written afresh from the
 * consumers' Pact tests, never merged into, and never touched by a run that
 * failed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoPath } from "../../tooling/repo.ts";
import { withRepoCopy } from "../../tooling/repo_copy.ts";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { consumerPactTests, writePacts } from "./write_pacts.ts";

const COMMITTED = repoPath("pacts/OrderService-UserService.json");

/** The descriptions of the interactions in the pact file at `path`. */
function descriptions(path: string): string[] {
  return JSON.parse(readFileSync(path, "utf8")).interactions.map((i: { description: string }) =>
    i.description
  );
}

test("consumerPactTests(): every consumer's *.pact_test.ts, never the provider's", () => {
  const files = consumerPactTests();
  assert.ok(files.includes("consumer/user_service.pact_test.ts"), files.join(", "));
  assert.ok(files.includes("consumer/user_events.pact_test.ts"), files.join(", "));
  assert.ok(files.every((file) => !file.startsWith("provider/")), files.join(", "));
});

test("pact: the consumers' tests write exactly the committed pacts (deterministic, not stale)", async () => {
  await withTempDir(async (dir) => {
    const result = await writePacts({
      pactDir: dir,
      output: "ignore",
      junit: join(dir, "junit.xml"),
    });
    assert.ok(result.passed, result.text);
    const committed = readdirSync(repoPath("pacts")).filter((name) => name.endsWith(".json"));
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith(".json")), committed);
    for (const name of committed) {
      assert.ok(
        readFileSync(join(dir, name), "utf8") === readFileSync(repoPath(`pacts/${name}`), "utf8"),
        `pacts/${name} is not what the tests write: run deno task pact`,
      );
    }
    assert.match(result.text, /^Consumer pacts \(OrderService\): 9 passed, 0 failed$/m);
    assert.match(result.text, /^Consumer pacts \(NotificationService\): 3 passed, 0 failed$/m);
  });
});

test("pact: an interaction whose test is gone disappears from pacts/", async () => {
  await withTempDir(async (dir) => {
    cpSync(COMMITTED, join(dir, "OrderService-UserService.json"));
    // Only the messages' tests run now: the HTTP interactions have no test any more.
    const result = await writePacts({
      files: ["consumer/user_events.pact_test.ts"],
      pactDir: dir,
      output: "ignore",
      junit: join(dir, "junit.xml"),
    });
    assert.ok(result.passed, result.text);
    assert.deepEqual(descriptions(join(dir, "OrderService-UserService.json")), [
      "a user.deleted event",
      "a user.updated event",
    ]);
  });
});

test("pact: a run with a failing test leaves pacts/ as it was, saying why", async () => {
  await withRepoCopy(async (root) => {
    const file = join(root, "consumer/user_service.pact_test.ts");
    const text = readFileSync(file, "utf8");
    // OrderService's test now expects another name than the mock answers.
    writeFileSync(
      file,
      text.replace('name: "John Doe",\n          email', 'name: "Jane",\n          email'),
    );
    assert.notEqual(readFileSync(file, "utf8"), text, "the test was changed");
    const pactDir = join(root, "pacts");
    const before = readFileSync(join(pactDir, "OrderService-UserService.json"), "utf8");
    const result = await writePacts({
      root,
      pactDir,
      output: "ignore",
      junit: join(root, "junit.xml"),
    });
    assert.equal(result.passed, false, result.text);
    assert.match(result.text, /✗ a request for user 1: /);
    assert.match(result.text, /pacts\/ left as it was: the consumers' tests failed/);
    assert.equal(readFileSync(join(pactDir, "OrderService-UserService.json"), "utf8"), before);
  });
});

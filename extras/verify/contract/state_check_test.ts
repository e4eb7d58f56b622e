import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { SqliteUserStore } from "../../../provider/service/store/sqlite_user_store.ts";
import { ProviderStateError, stateProblems } from "./state_check.ts";

function pactWith(dir: string, states: { name: string; params?: Record<string, unknown> }[]) {
  const path = join(dir, "pact.json");
  writeFileSync(
    path,
    JSON.stringify({
      consumer: { name: "OrderService" },
      provider: { name: "UserService" },
      interactions: [{ description: "a request for user 1", providerStates: states }],
    }),
  );
  return path;
}

test("a state with no handler is a problem, with the handler to add", async () => {
  await withTempDir((dir) => {
    using store = new SqliteUserStore(":memory:");
    const path = pactWith(dir, [{ name: "the moon is made of cheese", params: { id: 1 } }]);
    const [problem, ...rest] = stateProblems([path], store);
    assert.deepEqual(rest, []);
    assert.equal(
      problem.message,
      'Provider state "the moon is made of cheese" (interaction "a request for user 1") has no handler',
    );
    assert.match(problem.template ?? "", /"the moon is made of cheese": \{/);
    assert.match(problem.template ?? "", /setup: async \(\{ id \}\) =>/);
    const error = new ProviderStateError([problem]);
    assert.match(
      error.message,
      /Add to userStates\(\) in provider\/verification\/contract\/states\.ts:/,
    );
    assert.doesNotMatch(error.message, /\n\s+at /, "no stack trace in the message");
    return Promise.resolve();
  });
});

test("bad parameters for a known state are a problem, in one line", async () => {
  await withTempDir((dir) => {
    using store = new SqliteUserStore(":memory:");
    const path = pactWith(dir, [{ name: "user with id 1 exists", params: { id: "one" } }]);
    assert.deepEqual(stateProblems([path], store).map((p) => p.message), [
      'Provider state "user with id 1 exists" (interaction "a request for user 1") needs a positive integer "id", got "one"',
    ]);
    return Promise.resolve();
  });
});

test("the committed pacts name only states UserService can set up", () => {
  using store = new SqliteUserStore(":memory:");
  assert.deepEqual(
    stateProblems(
      [new URL("../../../pacts/OrderService-UserService.json", import.meta.url).pathname],
      store,
    ),
    [],
  );
});

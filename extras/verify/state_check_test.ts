import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { handlerTemplate, MissingStateError, missingStates } from "./state_check.ts";

/** A pact file in `dir` whose one interaction names `states`. */
function pactNaming(dir: string, states: { name: string; params?: Record<string, unknown> }[]) {
  const path = join(dir, "Shop-UserService.json");
  writeFileSync(
    path,
    JSON.stringify({
      consumer: { name: "Shop" },
      provider: { name: "UserService" },
      interactions: [{ description: "a request for user 7", providerStates: states }],
    }),
  );
  return path;
}

test("missingStates(): a state no handler is named for, with its consumer and interaction", async () => {
  await withTempDir((dir) => {
    const path = pactNaming(dir, [
      { name: "user with id 1 exists", params: { id: 1 } },
      { name: "a user with orders exists", params: { id: 7, orders: 2 } },
    ]);
    const missing = missingStates([path], ["user with id 1 exists"]);
    assert.deepEqual(
      missing.map(({ state, consumer, interaction }) => ({ state, consumer, interaction })),
      [
        {
          state: "a user with orders exists",
          consumer: "Shop",
          interaction: "a request for user 7",
        },
      ],
    );
    assert.equal(
      missing[0].template,
      handlerTemplate("a user with orders exists", { id: 7, orders: 2 }),
    );
  });
});

test("MissingStateError says which state, where, and the handler to paste in", () => {
  const error = new MissingStateError([{
    state: "a user with orders exists",
    consumer: "Shop",
    interaction: "a request for user 7",
    template: handlerTemplate("a user with orders exists", { id: 7 }),
  }]);
  const lines = error.message.split("\n");
  assert.equal(
    lines[0],
    'Provider state "a user with orders exists" (Shop: interaction "a request for user 7") has no handler',
  );
  assert.equal(lines[1], "Add to stateHandlers() in provider/pact_states.ts:");
  assert.equal(lines[2], '    "a user with orders exists": {');
  assert.equal(lines[3], "      setup: async ({ id }) => {");
});

/**
 * The provider's verification test run by the extras: every interaction
 * counted, a provider state with no handler named before anything is
 * replayed, a state handler that fails failing the verification (pact-js
 * alone would log it and verify on), and parts that together verify each
 * interaction once.
 *
 * @module
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { eventually } from "../../tooling/eventually.ts";
import { localPactFiles } from "./pact_files.ts";
import { startVerification, verificationSummary, verify } from "./verification.ts";

/** The committed pact with `change` applied to the interaction described so, in `dir`. */
function changedPact(
  dir: string,
  description: string,
  change: (i: Record<string, unknown>) => void,
) {
  const pact = JSON.parse(readFileSync(ORDER_SERVICE_PACT, "utf8"));
  const interaction = pact.interactions.find((i: { description: string }) =>
    i.description === description
  );
  change(interaction);
  const path = join(dir, "OrderService-UserService.json");
  writeFileSync(path, JSON.stringify(pact));
  return path;
}

const ORDER_SERVICE_PACT = localPactFiles().find((path) =>
  path.endsWith("/OrderService-UserService.json")
)!;
const INTERACTIONS = localPactFiles().reduce(
  (sum, path) => sum + JSON.parse(readFileSync(path, "utf8")).interactions.length,
  0,
);

test("verification: a state with no handler fails before anything is replayed, naming it and its handler", async () => {
  await withTempDir(async (dir) => {
    const pactUrls = [
      changedPact(dir, "a request for user 1", (i) => {
        i.providerStates = [{ name: "the moon is made of cheese", params: { id: 1 } }];
      }),
    ];
    const result = await verify({ pactUrls, output: "ignore", junit: join(dir, "junit.xml") });
    assert.equal(result.honoured, false);
    assert.match(
      result.text,
      /✗ verification: Provider state "the moon is made of cheese" \(OrderService: interaction "a request for user 1"\) has no handler/,
    );
    assert.match(result.text, /"the moon is made of cheese": \{/);
    assert.equal(
      result.cases.filter((c) => c.name !== "verification").length,
      0,
      "nothing replayed",
    );
  });
});

test("verification: a state handler that fails fails the verification, even where the data is there", async () => {
  await withTempDir(async (dir) => {
    // user 99 does not exist either way: the interaction passes, but its state could not be set up.
    const pactUrls = [
      changedPact(dir, "a request for user 99", (i) => {
        i.providerStates = [{ name: "user with id 99 does not exist", params: { id: "x" } }];
      }),
    ];
    const result = await verify({ pactUrls, output: "ignore", junit: join(dir, "junit.xml") });
    assert.equal(result.honoured, false, result.text);
    assert.match(
      result.text,
      /Provider state "user with id 99 does not exist" setup failed: The state needs a positive integer "id", got "x"/,
    );
  });
});

test("verification in two parts verifies every interaction once", async () => {
  await withTempDir(async (dir) => {
    const result = await verify({ parts: 2, output: "ignore", junit: join(dir, "junit.xml") });
    assert.ok(result.honoured, result.text);
    const names = result.cases.map((c) => `${c.group}: ${c.name}`);
    assert.equal(names.length, INTERACTIONS, names.join("\n"));
    assert.equal(new Set(names).size, INTERACTIONS, "none twice");
    assert.match(
      result.text,
      new RegExp(
        `^Provider verification \\(UserService\\): ${INTERACTIONS} passed, 0 failed$`,
        "m",
      ),
    );
    assert.match(result.text, /^ {2}OrderService: \d+ passed, 0 failed$/m);
    assert.match(result.text, /^ {2}NotificationService: \d+ passed, 0 failed$/m);
  });
});

test("verificationSummary(): the total, then each consumer's counts with its own failures under it", () => {
  const text = verificationSummary([
    {
      group: "OrderService → UserService",
      name: "a request for user 1",
      ms: 1,
      failure: "$.name: missing",
    },
    {
      group: "NotificationService → UserService",
      name: "a request for the address of user 1",
      ms: 1,
    },
    {
      group: "NotificationService → UserService",
      name: "a user.deleted event",
      ms: 1,
      failure: "subject: expected users.deleted",
    },
    { group: "OrderService → UserService", name: "a user.deleted event", ms: 1 },
    { group: "provider verification", name: "the verification run", ms: 0, failure: "exit code 1" },
  ]);
  assert.equal(
    text,
    [
      "Provider verification (UserService): 2 passed, 3 failed",
      "  ✗ the verification run: exit code 1",
      "  NotificationService: 1 passed, 1 failed",
      "    ✗ a user.deleted event: subject: expected users.deleted",
      "  OrderService: 1 passed, 1 failed",
      "    ✗ a request for user 1: $.name: missing",
    ].join("\n"),
  );
});

test("a primed verification let go unused cleans up: its UserService stopped, its folder removed", async () => {
  await withTempDir(async (tmp) => {
    // Its test's folders go to a TMPDIR of its own, watched here.
    const primed = startVerification({
      ahead: "verify",
      group: true,
      output: "ignore",
      env: { TMPDIR: tmp },
    });
    try {
      await eventually(
        "the primed test made its folder",
        () => readdirSync(tmp).some((name) => name.startsWith("user-service-pact-")),
        { ms: 30_000 },
      );
    } finally {
      primed.stop();
      await primed.done;
    }
    assert.deepEqual(
      readdirSync(tmp),
      [],
      "the test's finally ran: UserService stopped, folder gone",
    );
  });
});

test("a verification whose UserService cannot start fails, and leaves no folder behind", async () => {
  await withTempDir(async (dir) => {
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    // An idle timeout that is no number: UserService refuses its configuration and exits.
    const result = await verify({
      output: "ignore",
      junit: join(dir, "junit.xml"),
      env: { TMPDIR: tmp, IDLE_TIMEOUT_MS: "soon" },
    });
    assert.equal(result.honoured, false);
    assert.deepEqual(readdirSync(tmp), [], "the test's finally removed its folder");
  });
});

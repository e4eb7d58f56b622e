import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { CONTRACT_CASES, ContractSession, PACT_DIR } from "./mod.ts";

const PACT = "OrderService-UserService.json";

/** The descriptions of the interactions in the pact file `path`. */
function descriptions(path: string): string[] {
  return JSON.parse(readFileSync(path, "utf8")).interactions.map(
    (i: { description: string }) => i.description,
  ).sort();
}

/** A temporary pacts/ folder holding a copy of the committed pact. */
function withPactsCopy(body: (dir: string) => Promise<void>) {
  return withTempDir(async (dir) => {
    copyFileSync(join(PACT_DIR, PACT), join(dir, PACT));
    await body(dir);
  });
}

test("an interaction removed from the cases disappears from the pact file", async () => {
  await withPactsCopy(async (dir) => {
    const before = descriptions(join(dir, PACT));
    assert.ok(before.includes("a request for user 99"));
    const kept = CONTRACT_CASES.filter((c) =>
      c.name !== "a user that does not exist is a UserNotFoundError"
    );
    const session = new ContractSession(dir, kept.length);
    for (const contractCase of kept) await session.run(contractCase);
    assert.deepEqual(session.finish(), { written: [PACT], removed: [] });
    assert.deepEqual(
      descriptions(join(dir, PACT)),
      before.filter((d) => d !== "a request for user 99"),
    );
  });
});

test("a partial or failed run leaves the pact files as they were", async () => {
  await withPactsCopy(async (dir) => {
    const original = readFileSync(join(dir, PACT), "utf8");
    const partial = new ContractSession(dir, CONTRACT_CASES.length);
    await partial.run(CONTRACT_CASES[0]);
    assert.deepEqual(partial.finish(), { kept: `1 of ${CONTRACT_CASES.length} cases ran` });
    const failing = new ContractSession(dir, 1);
    await assert.rejects(
      failing.run({ name: "broken", run: () => Promise.reject(new Error("consumer bug")) }),
    );
    assert.deepEqual(failing.finish(), { kept: "1 case(s) failed" });
    assert.equal(readFileSync(join(dir, PACT), "utf8"), original);
  });
});

test("a pact of OrderService no case writes any more is removed; other consumers' stay", async () => {
  await withPactsCopy(async (dir) => {
    const pactOf = (consumer: string, provider: string) =>
      JSON.stringify({
        consumer: { name: consumer },
        provider: { name: provider },
        interactions: [],
      });
    writeFileSync(join(dir, "OrderService-OldService.json"), pactOf("OrderService", "OldService"));
    writeFileSync(join(dir, "Billing-UserService.json"), pactOf("Billing", "UserService"));
    const session = new ContractSession(dir, CONTRACT_CASES.length);
    for (const contractCase of CONTRACT_CASES) await session.run(contractCase);
    assert.deepEqual(session.finish(), {
      written: [PACT],
      removed: ["OrderService-OldService.json"],
    });
    assert.deepEqual(readdirSync(dir).sort(), ["Billing-UserService.json", PACT]);
  });
});

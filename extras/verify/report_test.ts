import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { createApp } from "../../provider/service/app.ts";
import { mutatedHandler } from "../guards/mutated.ts";
import { MUTATIONS } from "../guards/mutations.ts";
import { localPactFiles, verifyPacts } from "./contract/verify.ts";
import { serveNode } from "../../provider/adapters/serve_node.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { junitXml } from "../reports/junit.ts";
import { summary } from "../reports/summary.ts";
import { verificationCases } from "./report.ts";

test("the report of a verification that fails names the interaction and its mismatch", async () => {
  const dropEmail = MUTATIONS.find((m) => m.name === 'drop "email" from users')!;
  using store = new SqliteUserStore(":memory:");
  const token = "report-token";
  await using server = await serveNode(
    mutatedHandler(createApp({ store, token }), dropEmail, token),
  );
  const outcome = await verifyPacts(server.url, { store, token, logLevel: "error" })
    .catch((error) => error);
  const cases = verificationCases(outcome);
  const interactions = JSON.parse(readFileSync(localPactFiles()[0], "utf8")).interactions.length;
  assert.equal(cases.length, interactions, "one case per interaction");
  const user1 = cases.find((c) => c.name === "a request for user 1");
  assert.equal(user1?.failure, "Actual map is missing the following keys: email");
  assert.equal(cases.find((c) => c.name === "a request for user 99")?.failure, undefined);
  const xml = junitXml("provider verification", cases);
  assert.match(
    xml,
    /name="a request for user 1" time="[0-9.]+">\n\s+<failure message="Actual map is missing the following keys: email">/,
  );
  const text = summary("Provider verification", cases);
  const failed = cases.filter((c) => c.failure !== undefined).length;
  assert.ok(failed >= 3, "every interaction answering a user fails");
  assert.match(
    text,
    new RegExp(`^Provider verification: ${interactions - failed} passed, ${failed} failed$`, "m"),
  );
  assert.match(
    text,
    /^ {2}✗ a request for user 1: Actual map is missing the following keys: email$/m,
  );
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { localPactFiles } from "../verify/pact_files.ts";
import { compareWithDescriptions } from "./compare.ts";
import { ASYNCAPI, OPENAPI } from "../../provider/service/api/documents.ts";

test("the committed pacts agree with UserService's OpenAPI and AsyncAPI documents", async () => {
  assert.deepEqual(await compareWithDescriptions(localPactFiles()), []);
});

test("a description that drops the 404 is found in each consumer's pact, with the interaction and where", async () => {
  const oas = structuredClone(OPENAPI) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  delete oas.paths["/users/{id}"].get.responses["404"];
  const findings = await compareWithDescriptions(localPactFiles(), {
    oas,
    asyncapi: ASYNCAPI as never,
  });
  const errors = findings.filter((f) => f.type === "error");
  assert.deepEqual(
    errors.map((f) => [f.consumer, f.interaction]).sort(),
    [
      ["NotificationService", "a request for the address of user 99"],
      ["OrderService", "a request for user 99"],
    ],
  );
  for (const error of errors) {
    assert.match(error.location, /^\[root\]\.interactions\[\d+\]\.response\.status$/);
    assert.match(error.message, /response\.status\.unknown/);
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { localPactFiles } from "../verify/pact_files.ts";
import { compareWithDescriptions } from "./compare.ts";
import { ASYNCAPI, OPENAPI } from "../../provider/service/api/documents.ts";

test("the committed pacts agree with UserService's OpenAPI and AsyncAPI documents", async () => {
  assert.deepEqual(await compareWithDescriptions(localPactFiles()), []);
});

test("a description that drops the 404 is found, with the interaction and where", async () => {
  const oas = structuredClone(OPENAPI) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  delete oas.paths["/users/{id}"].get.responses["404"];
  const findings = await compareWithDescriptions(localPactFiles(), {
    oas,
    asyncapi: ASYNCAPI as never,
  });
  const errors = findings.filter((f) => f.type === "error");
  assert.deepEqual(errors.map((f) => f.interaction), ["a request for user 99"]);
  assert.match(errors[0].location, /^\[root\]\.interactions\[\d+\]\.response\.status$/);
  assert.match(findings[0].message, /response\.status\.unknown/);
});

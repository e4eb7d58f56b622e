import assert from "node:assert/strict";
import { test } from "node:test";
import { localPactFiles } from "../verify/pact_files.ts";
import { compareWithDescriptions } from "../bidirectional/compare.ts";
import { DESCRIPTION_MUTATIONS, mutatedDescriptions } from "./description_mutations.ts";
import { ASYNCAPI, OPENAPI } from "../../provider/service/api/documents.ts";

const documents = { oas: OPENAPI as never, asyncapi: ASYNCAPI as never };

for (const mutation of DESCRIPTION_MUTATIONS) {
  const verdict = mutation.breaking ? "finds" : "accepts";
  test(`the bi-directional check ${verdict}: ${mutation.name}`, async () => {
    const findings = await compareWithDescriptions(
      localPactFiles(),
      mutatedDescriptions(documents, mutation),
    );
    const errors = findings.filter((f) => f.type === "error");
    const lines = errors.map((f) => `${f.interaction}: ${f.location}: ${f.message}`).join("\n");
    if (mutation.breaking) {
      assert.ok(errors.some((f) => mutation.expect!.test(f.message)), lines || "no error found");
    } else {
      assert.deepEqual(errors, [], lines);
    }
  });
}

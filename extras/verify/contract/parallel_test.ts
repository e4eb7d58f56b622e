import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { serveNode } from "../../../provider/adapters/serve_node.ts";
import { createApp } from "../../../provider/service/app.ts";
import { SqliteUserStore } from "../../../provider/service/store/sqlite_user_store.ts";
import { mutatedHandler } from "../../guards/mutated.ts";
import { MUTATIONS } from "../../guards/mutations.ts";
import {
  countInteractions,
  partitionPacts,
  type ProviderUnderTest,
  verifyInParallel,
} from "./parallel.ts";
import { ContractVerificationError, localPactFiles } from "./verify.ts";

const TOKEN = "parallel-token";

/** An in-process provider over a store of its own, changed by `mutation` when given. */
async function provider(mutationName?: string): Promise<ProviderUnderTest> {
  const store = new SqliteUserStore(":memory:");
  const app = createApp({ store, token: TOKEN });
  const mutation = MUTATIONS.find((m) => m.name === mutationName);
  const server = await serveNode(mutation ? mutatedHandler(app, mutation, TOKEN) : app);
  return {
    url: server.url,
    store,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      store.close();
    },
  };
}

test("partitionPacts() deals every interaction into one part, once, in order", async () => {
  await withTempDir((dir) => {
    const path = join(dir, "pact.json");
    const interactions = Array.from({ length: 7 }, (_, n) => ({ description: `i${n}` }));
    writeFileSync(path, JSON.stringify({ consumer: { name: "C" }, interactions }));
    using partitioned = partitionPacts([path], 3);
    const parts = partitioned.parts.map((files) =>
      files.flatMap((file) =>
        JSON.parse(readFileSync(file, "utf8")).interactions.map((i: { description: string }) =>
          i.description
        )
      )
    );
    assert.deepEqual(parts, [["i0", "i1", "i2"], ["i3", "i4", "i5"], ["i6"]]);
    return Promise.resolve();
  });
});

test("verifyInParallel() verifies each part against a provider of its own, and merges the results", async () => {
  const started: number[] = [];
  const results = await verifyInParallel({
    token: TOKEN,
    parts: 2,
    logLevel: "error",
    startProvider: (n) => {
      started.push(n);
      return provider();
    },
  });
  assert.deepEqual(started.sort(), [0, 1]);
  assert.equal(results.length, countInteractions(localPactFiles()));
  assert.ok(results.every((r) => r.mismatches.length === 0));
});

test("verifyInParallel() reports a part's mismatches with every interaction's result", async () => {
  await assert.rejects(
    verifyInParallel({
      token: TOKEN,
      parts: 2,
      logLevel: "error",
      // Only the second part's provider (which gets "a request for user 99") breaks.
      startProvider: (n) =>
        provider(n === 1 ? "answer 200 with a made-up user for a missing one" : undefined),
    }),
    (error) => {
      assert.ok(error instanceof ContractVerificationError, String(error));
      assert.equal(error.results.length, countInteractions(localPactFiles()));
      assert.ok(
        error.mismatches.some((m) => /user 99: expected 404 but was 200$/.test(m)),
        error.message,
      );
      return true;
    },
  );
});

/**
 * Provider verification in process: the real handler and a real SQLite store
 * served on a free port, checked against every pact in `pacts/`. Then the
 * same contracts against every change in the mutation catalogue: the breaking
 * ones must fail with the expected mismatch, the compatible ones must pass.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { createApp } from "../../../provider/service/app.ts";
import { serveDeno } from "../../../provider/adapters/serve_deno.ts";
import { serveNode } from "../../../provider/adapters/serve_node.ts";
import type { Serve } from "../../../provider/adapters/server.ts";
import { SqliteUserStore } from "../../../provider/service/store/sqlite_user_store.ts";
import { mutatedEventLog, mutatedHandler } from "../../guards/mutated.ts";
import { type Mutation, MUTATIONS } from "../../guards/mutations.ts";
import { ProviderStateError } from "./state_check.ts";
import { ContractVerificationError, localPactFiles, verifyPacts } from "./verify.ts";

const adapters: [string, Serve, string | false][] = [
  [
    "Deno.serve",
    serveDeno,
    "Deno" in globalThis ? false : "skipped: Deno.serve exists only on Deno",
  ],
  ["express", serveNode, false],
];

/** Serves the provider, changed by `mutation`, over a fresh in-memory database and verifies it. */
async function verifyWith(serve: Serve, mutation?: Mutation) {
  using store = new SqliteUserStore(":memory:");
  const token = crypto.randomUUID();
  const app = createApp({ store, token });
  await using server = await serve(mutation ? mutatedHandler(app, mutation, token) : app);
  const events = mutation ? mutatedEventLog(store, mutation) : store;
  await verifyPacts(server.url, { store, events, token, logLevel: "error" });
}

for (const [server, serve, skip] of adapters) {
  test(`UserService (${server}) honours every pact in pacts/`, { skip }, async () => {
    await verifyWith(serve);
  });
}

// The catalogue once, on the adapter both runtimes have; `deno task mutate`
// runs it again through a proxy in front of the real provider process.
for (const mutation of MUTATIONS) {
  if (mutation.breaking) {
    test(`verification fails when UserService: ${mutation.name}`, async () => {
      await assert.rejects(verifyWith(serveNode, mutation), (error) => {
        assert.ok(error instanceof ContractVerificationError, String(error));
        const expected = mutation.expect ?? /./;
        assert.ok(error.mismatches.some((line) => expected.test(line)), error.message);
        return true;
      });
    });
  } else {
    test(`verification still passes when UserService: ${mutation.name}`, async () => {
      await verifyWith(serveNode, mutation);
    });
  }
}

/** The committed pact with the state of "a request for user 1" renamed, in a temp folder. */
function pactWithUnknownState(dir: string): string {
  const pact = JSON.parse(readFileSync(localPactFiles()[0], "utf8"));
  const interaction = pact.interactions.find((i: { description: string }) =>
    i.description === "a request for user 1"
  );
  interaction.providerStates = [{ name: "the moon is made of cheese", params: { id: 1 } }];
  const path = join(dir, "OrderService-UserService.json");
  writeFileSync(path, JSON.stringify(pact));
  return path;
}

test("a pact naming a state with no handler fails before verifying, even where data is there", async () => {
  await withTempDir(async (dir) => {
    using store = new SqliteUserStore(":memory:");
    await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
    await using server = await serveNode(createApp({ store, token: "t" }));
    await assert.rejects(
      verifyPacts(server.url, { store, token: "t", pactUrls: [pactWithUnknownState(dir)] }),
      (error) => {
        assert.ok(error instanceof ProviderStateError, String(error));
        assert.match(
          error.message,
          /^Provider state "the moon is made of cheese" \(interaction "a request for user 1"\) has no handler$/m,
        );
        return true;
      },
    );
  });
});

test("a state with no handler fails its interaction when pacts come from elsewhere (a broker)", async () => {
  await withTempDir(async (dir) => {
    using store = new SqliteUserStore(":memory:");
    await store.put({ id: 1, name: "John Doe", email: "john.doe@example.com" });
    await using server = await serveNode(createApp({ store, token: "t" }));
    const source = { pactUrls: [pactWithUnknownState(dir)] };
    await assert.rejects(
      verifyPacts(server.url, { store, token: "t", source, logLevel: "error" }),
      (error) => {
        assert.ok(error instanceof ContractVerificationError, String(error));
        assert.ok(
          error.mismatches.includes(
            'provider states: Provider state "the moon is made of cheese" has no handler',
          ),
          error.message,
        );
        return true;
      },
    );
  });
});

test("an aborted verification cuts off the request still open and answers the rest at once", async () => {
  // A provider that never answers, as one that died with the request open: without the
  // signal the verifier waits out its request timeout (30 s) for every interaction.
  const arrived = Promise.withResolvers<void>();
  const silent = createServer(() => arrived.resolve());
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as AddressInfo;
  using store = new SqliteUserStore(":memory:");
  const abort = new AbortController();
  try {
    const verifying = verifyPacts(`http://127.0.0.1:${port}`, {
      store,
      token: "t",
      signal: abort.signal,
      logLevel: "error",
    });
    await arrived.promise;
    abort.abort();
    const deadline = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("still verifying 10 s after the abort")), 10_000).unref()
    );
    await assert.rejects(Promise.race([verifying, deadline]), (error) => {
      assert.ok(error instanceof ContractVerificationError, String(error));
      assert.ok(error.mismatches.some((line) => /was aborted/.test(line)), error.message);
      return true;
    });
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});

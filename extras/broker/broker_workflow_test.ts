/**
 * The broker workflow end to end against the Pact Broker STAND-IN
 * (`_broker_stand_in.ts`; no real broker can run on these machines): publish
 * with the official `pact` CLI, can-i-deploy says no, verify from the broker
 * with pact-js (results published as in CI), can-i-deploy says yes.
 *
 * @module
 */
import assert from "node:assert/strict";
import process from "node:process";
import { test } from "node:test";
import { createApp } from "../../provider/service/app.ts";
import { verifyPacts } from "../verify/contract/verify.ts";
import { serveNode } from "../../provider/adapters/serve_node.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { startBrokerStandIn } from "./_broker_stand_in.ts";
import { cliEnv, pactSource, requireBroker } from "./config.ts";
import { brokerCommand } from "./commands.ts";
import { runPactCli } from "./pact_cli.ts";

/** The environment of OrderService's CI at commit c0ffee1 on main, with the stand-in as broker. */
function consumerEnv(broker: URL) {
  return {
    PATH: process.env.PATH,
    PACT_DO_NOT_TRACK: "true",
    PACT_BROKER_BASE_URL: broker.origin,
    PACT_BROKER_TOKEN: "broker-token",
    GIT_COMMIT: "c0ffee1",
    GIT_BRANCH: "main",
  };
}

test("publish, can-i-deploy, verify from the broker, can-i-deploy (broker stand-in)", async () => {
  await using broker = await startBrokerStandIn();
  const env = consumerEnv(broker.url);
  const cli = (task: string, ...rest: string[]) =>
    runPactCli(brokerCommand(task, rest, env), cliEnv(requireBroker(env, task), env));

  assert.equal(await cli("publish"), 0, "publish");
  assert.deepEqual(
    broker.pacts.map(({ consumer, provider, consumerVersion, branch }) => ({
      consumer,
      provider,
      consumerVersion,
      branch,
    })),
    [{
      consumer: "OrderService",
      provider: "UserService",
      consumerVersion: "c0ffee1",
      branch: "main",
    }],
  );
  assert.notEqual(await cli("can-i-deploy", "OrderService"), 0, "nothing verified yet");

  using store = new SqliteUserStore(":memory:");
  const token = "provider-token";
  await using provider = await serveNode(createApp({ store, token }));
  const providerVersion = () => ({ sha: "beef002", branch: "main" });
  const source = pactSource({ ...env, CI: "true" }, providerVersion)!;
  await verifyPacts(provider.url, { store, token, source, logLevel: "error" });
  assert.deepEqual(broker.verifications, [{
    consumer: "OrderService",
    consumerVersion: "c0ffee1",
    provider: "UserService",
    providerVersion: "beef002",
    success: true,
  }]);
  assert.deepEqual(broker.branches, [
    { pacticipant: "UserService", branch: "main", version: "beef002" },
  ]);

  assert.equal(await cli("can-i-deploy", "OrderService"), 0, "verified: can deploy");
  assert.ok(
    broker.authorizations.every((header) => header === "Bearer broker-token"),
    "every request authenticated with the broker token",
  );
});

test("verification from the broker outside CI publishes no results", async () => {
  await using broker = await startBrokerStandIn();
  const env = consumerEnv(broker.url);
  const args = brokerCommand("publish", [], env);
  assert.equal(await runPactCli(args, cliEnv(requireBroker(env, "publish"), env)), 0);
  using store = new SqliteUserStore(":memory:");
  await using provider = await serveNode(createApp({ store, token: "t" }));
  const source = pactSource(env, () => ({ sha: "beef002", branch: "main" }))!;
  await verifyPacts(provider.url, { store, token: "t", source, logLevel: "error" });
  assert.deepEqual(broker.verifications, []);
});

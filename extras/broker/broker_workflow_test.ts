/**
 * The broker workflow end to end against the Pact Broker STAND-IN
 * (`_broker_stand_in.ts`; no real broker can run on these machines): publish
 * with the official `pact` CLI, can-i-deploy says no, verify from the broker
 * with the provider's verification test (results published as in CI),
 * can-i-deploy says yes.
 *
 * @module
 */
import assert from "node:assert/strict";
import process from "node:process";
import { test } from "node:test";
import { join } from "node:path";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { verify } from "../verify/verification.ts";
import { startBrokerStandIn } from "./_broker_stand_in.ts";
import { cliEnv, requireBroker } from "./config.ts";
import { brokerCommand } from "./commands.ts";
import { runPactCli } from "./pact_cli.ts";

/** The environment of the consumers' CI at commit c0ffee1 on main, with the stand-in as broker. */
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

/** The provider's verification test, taking the pacts from the broker in `env`, as UserService's CI at beef002 would. */
function verifyFromBroker(env: Record<string, string | undefined>) {
  return withTempDir((dir) =>
    verify({
      broker: true,
      env: { ...env, GIT_COMMIT: "beef002", GIT_BRANCH: "main" },
      output: "ignore",
      junit: join(dir, "provider-verification.xml"),
    })
  );
}

test("publish, can-i-deploy, verify from the broker, can-i-deploy (broker stand-in)", async () => {
  await using broker = await startBrokerStandIn();
  const env = consumerEnv(broker.url);
  const cli = (task: string, ...rest: string[]) =>
    runPactCli(brokerCommand(task, rest, env), cliEnv(requireBroker(env, task), env));

  assert.equal(await cli("publish"), 0, "publish");
  const published = broker.pacts.map(({ consumer, provider, consumerVersion, branch }) =>
    [consumer, provider, consumerVersion, branch].join(" ")
  );
  assert.deepEqual(published.sort(), [
    "NotificationService UserService c0ffee1 main",
    "OrderService UserService c0ffee1 main",
  ]);
  for (const consumer of ["OrderService", "NotificationService"]) {
    assert.notEqual(await cli("can-i-deploy", consumer), 0, `${consumer}: nothing verified yet`);
  }

  const verified = await verifyFromBroker({ ...env, CI: "true" });
  assert.ok(verified.honoured, verified.text);
  const verifications = broker.verifications.map((v) =>
    [v.consumer, v.consumerVersion, v.provider, v.providerVersion, v.success].join(" ")
  );
  assert.deepEqual(verifications.sort(), [
    "NotificationService c0ffee1 UserService beef002 true",
    "OrderService c0ffee1 UserService beef002 true",
  ]);
  // The verifier records the provider's branch with each pact's results; the broker keeps one.
  const branches = broker.branches.map((b) => `${b.pacticipant} ${b.branch} ${b.version}`);
  assert.deepEqual([...new Set(branches)], ["UserService main beef002"]);

  for (const consumer of ["OrderService", "NotificationService"]) {
    assert.equal(await cli("can-i-deploy", consumer), 0, `${consumer}: verified, can deploy`);
  }
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
  // Outside CI even where this test itself runs in CI (CI=true in its environment).
  const verified = await verifyFromBroker({ ...env, CI: undefined });
  assert.ok(verified.honoured, verified.text);
  assert.deepEqual(broker.verifications, []);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  brokerFromEnv,
  BrokerNotConfiguredError,
  canIDeployArgs,
  cliEnv,
  deployEnvironment,
  pactSource,
  publishArgs,
  publishProviderContractArgs,
  recordDeploymentArgs,
  requireBroker,
} from "./config.ts";

const version = { sha: "0123abc", branch: "feature/x" };
const noGit = () => assert.fail("git must not be asked without a broker");

test("without PACT_BROKER_BASE_URL there is no broker and verification uses pacts/", () => {
  assert.equal(brokerFromEnv({ PACT_BROKER_TOKEN: "t" }), undefined);
  assert.equal(pactSource({ CI: "true" }, noGit), undefined);
});

test("a broker task without PACT_BROKER_BASE_URL fails in one sentence naming it", () => {
  assert.throws(() => requireBroker({}, "deno task pact:publish"), (error) => {
    assert.ok(error instanceof BrokerNotConfiguredError);
    assert.match(
      error.message,
      /^deno task pact:publish needs a Pact Broker: set PACT_BROKER_BASE_URL/,
    );
    assert.equal(error.message.split("\n").length, 1);
    return true;
  });
});

test("publish: pacts/, consumer version = commit, branch = git branch, no secret in the args", () => {
  const args = publishArgs("/repo/pacts", version);
  assert.deepEqual(args, [
    "broker",
    "publish",
    "/repo/pacts",
    "--consumer-app-version",
    "0123abc",
    "--branch",
    "feature/x",
  ]);
});

test("can-i-deploy and record-deployment name the pacticipant, the commit and the environment", () => {
  assert.deepEqual(canIDeployArgs("OrderService", "0123abc", "production"), [
    "broker",
    "can-i-deploy",
    "--pacticipant",
    "OrderService",
    "--version",
    "0123abc",
    "--to-environment",
    "production",
  ]);
  assert.deepEqual(recordDeploymentArgs("UserService", "0123abc", "staging"), [
    "broker",
    "record-deployment",
    "--pacticipant",
    "UserService",
    "--version",
    "0123abc",
    "--environment",
    "staging",
  ]);
  assert.equal(deployEnvironment({}), "production");
  assert.equal(deployEnvironment({ PACT_ENVIRONMENT: "staging" }), "staging");
});

test("the CLI gets the broker and its credentials through the environment", () => {
  const broker = requireBroker(
    { PACT_BROKER_BASE_URL: "https://broker.example", PACT_BROKER_TOKEN: "s3cr3t" },
    "x",
  );
  const env = cliEnv(broker, { PATH: "/bin" });
  assert.equal(env.PACT_BROKER_BASE_URL, "https://broker.example");
  assert.equal(env.PACT_BROKER_TOKEN, "s3cr3t");
  assert.equal(env.PATH, "/bin");
});

test("verification from a broker: selectors, pending, provider version and branch; no publishing locally", () => {
  const env = { PACT_BROKER_BASE_URL: "https://broker.example", PACT_BROKER_TOKEN: "s3cr3t" };
  assert.deepEqual(pactSource(env, () => version), {
    pactBrokerUrl: "https://broker.example",
    pactBrokerToken: "s3cr3t",
    consumerVersionSelectors: [
      { mainBranch: true },
      { matchingBranch: true },
      { deployedOrReleased: true },
    ],
    enablePending: true,
    providerVersion: "0123abc",
    providerVersionBranch: "feature/x",
    publishVerificationResult: false,
  });
});

test("verification from a broker in CI publishes results and includes WIP pacts when asked", () => {
  const env = {
    PACT_BROKER_BASE_URL: "https://broker.example",
    PACT_BROKER_USERNAME: "ci",
    PACT_BROKER_PASSWORD: "pw",
    PACT_INCLUDE_WIP_PACTS_SINCE: "2026-01-01",
    CI: "true",
  };
  const source = pactSource(env, () => version)!;
  assert.equal(source.publishVerificationResult, true);
  assert.equal(source.includeWipPactsSince, "2026-01-01");
  assert.equal(source.pactBrokerUsername, "ci");
  assert.equal(source.pactBrokerPassword, "pw");
  assert.equal("pactBrokerToken" in source, false);
});

test("verification of the one pact a broker webhook names (PACT_URL)", () => {
  const env = {
    PACT_BROKER_BASE_URL: "https://broker.example",
    PACT_BROKER_TOKEN: "s3cr3t",
    PACT_URL: "https://broker.example/pacts/provider/UserService/consumer/OrderService/version/1",
    CI: "true",
  };
  assert.deepEqual(pactSource(env, () => version), {
    pactUrls: [env.PACT_URL],
    pactBrokerToken: "s3cr3t",
    providerVersion: "0123abc",
    providerVersionBranch: "feature/x",
    publishVerificationResult: true,
  });
});

test("publish-provider-contract: the OpenAPI document, version and branch, the self-verification", () => {
  const args = publishProviderContractArgs("/repo/provider/service/api/openapi.json", version, {
    passed: true,
    resultsFile: "/repo/reports/deno-test.xml",
    verifier: "deno task test",
  });
  assert.deepEqual(args, [
    "pactflow",
    "publish-provider-contract",
    "/repo/provider/service/api/openapi.json",
    "--provider",
    "UserService",
    "--provider-app-version",
    version.sha,
    "--branch",
    version.branch,
    "--specification",
    "oas",
    "--content-type",
    "application/json",
    "--verification-exit-code",
    "0",
    "--verification-results",
    "/repo/reports/deno-test.xml",
    "--verification-results-content-type",
    "application/xml",
    "--verification-results-format",
    "junit",
    "--verifier",
    "deno task test",
  ]);
  const failed = publishProviderContractArgs("/c.json", version, {
    passed: false,
    resultsFile: "/r.xml",
    verifier: "npm test",
  });
  assert.equal(failed[failed.indexOf("--verification-exit-code") + 1], "1");
  assert.ok(!args.some((arg) => /token|password/i.test(arg)), "no credentials in the args");
});

/**
 * The Pact Broker tasks, through the official `pact` CLI:
 *
 * - `publish`: `deno task pact:publish` publishes `pacts/` with consumer
 *   version = git commit and branch = git branch.
 * - `can-i-deploy <pacticipant>`: `deno task can-i-deploy OrderService` asks
 *   whether that pacticipant's version (the git commit) can go to
 *   `PACT_ENVIRONMENT` (default `production`).
 * - `record-deployment <pacticipant>`: records that it went there.
 * - `publish-provider-contract`: `deno task pact:publish-provider-contract`
 *   publishes UserService's OpenAPI document (`provider/service/api/openapi.json`) as
 *   its provider contract, with the JUnit report of the tests that check the
 *   service against it (`reports/deno-test.xml` or `reports/node-test.xml`,
 *   whichever is newer: run the tests first) as its self-verification.
 *
 * Each needs `PACT_BROKER_BASE_URL` (and `PACT_BROKER_TOKEN`, or
 * `PACT_BROKER_USERNAME` and `PACT_BROKER_PASSWORD`); without it the task fails
 * in one sentence and touches no network.
 *
 * @module
 */
import process from "node:process";
import { brokerCommand } from "../extras/broker/commands.ts";
import { cliEnv, requireBroker } from "../extras/broker/config.ts";
import { runPactCli } from "../extras/broker/pact_cli.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Broker task", async ([task = "", ...rest]) => {
  const broker = requireBroker(
    process.env,
    `deno task ${task.startsWith("publish") ? `pact:${task}` : task}`,
  );
  const args = brokerCommand(task, rest, process.env);
  console.log(`pact ${args.join(" ")}`);
  return await runPactCli(args, cliEnv(broker, process.env));
});

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
import { existsSync, readFileSync, statSync } from "node:fs";
import process from "node:process";
import {
  canIDeployArgs,
  cliEnv,
  deployEnvironment,
  type Env,
  publishArgs,
  publishProviderContractArgs,
  recordDeploymentArgs,
  requireBroker,
} from "../tooling/broker/config.ts";
import { gitVersion } from "../tooling/broker/git.ts";
import { runPactCli } from "../tooling/broker/pact_cli.ts";
import { repoPath } from "./provider_entry.ts";

const PACTICIPANTS = ["OrderService", "UserService"];

/** Where the two test suites write their JUnit reports. */
const TEST_REPORTS = ["reports/deno-test.xml", "reports/node-test.xml"];

/**
 * The newest test report of the provider's checks against its description,
 * and whether it records no failure; throws when there is none.
 */
export function selfVerification(reports: string[] = TEST_REPORTS.map(repoPath)) {
  const [resultsFile] = reports.filter((path) => existsSync(path))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!resultsFile) {
    throw new Error(
      "No test report to publish with the provider contract: run deno task test first",
    );
  }
  const head = /<testsuites\b[^>]*>/.exec(readFileSync(resultsFile, "utf8"))?.[0] ?? "";
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? NaN);
  const passed = count("tests") > 0 && count("failures") === 0 && (count("errors") || 0) === 0;
  const verifier = resultsFile.endsWith("node-test.xml") ? "npm test" : "deno task test";
  return { passed, resultsFile, verifier };
}

/** The `pact` command line for `task` with its `rest` arguments. */
export function brokerCommand(task: string, rest: string[], env: Env): string[] {
  if (task === "publish") return publishArgs(repoPath("pacts"), gitVersion(env));
  if (task === "publish-provider-contract") {
    return publishProviderContractArgs(
      repoPath("provider/service/api/openapi.json"),
      gitVersion(env),
      selfVerification(),
    );
  }
  const [pacticipant] = rest;
  if (!PACTICIPANTS.includes(pacticipant)) {
    throw new Error(`Name the pacticipant: ${task} ${PACTICIPANTS.join(" or ")}`);
  }
  const { sha } = gitVersion(env);
  if (task === "can-i-deploy") return canIDeployArgs(pacticipant, sha, deployEnvironment(env));
  if (task === "record-deployment") {
    return recordDeploymentArgs(pacticipant, sha, deployEnvironment(env));
  }
  throw new Error(
    `Unknown broker task "${task}": publish, publish-provider-contract, can-i-deploy or record-deployment`,
  );
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const [task = "", ...rest] = process.argv.slice(2);
  try {
    const broker = requireBroker(
      process.env,
      `deno task ${task.startsWith("publish") ? `pact:${task}` : task}`,
    );
    const args = brokerCommand(task, rest, process.env);
    console.log(`pact ${args.join(" ")}`);
    process.exitCode = await runPactCli(args, cliEnv(broker, process.env));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

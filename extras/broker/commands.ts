/**
 * The Pact Broker tasks' command lines, for the official `pact` CLI: what
 * `deno task pact:publish`, `pact:publish-provider-contract`, `can-i-deploy`
 * and `record-deployment` run (`scripts/broker.ts`).
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { repoPath } from "../../tooling/repo.ts";
import {
  canIDeployArgs,
  deployEnvironment,
  type Env,
  publishArgs,
  publishProviderContractArgs,
  recordDeploymentArgs,
} from "./config.ts";
import { gitVersion } from "./git.ts";

const PACTICIPANTS = ["OrderService", "NotificationService", "UserService"];

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
    throw new Error(`Name the pacticipant: ${task} ${PACTICIPANTS.join(", ")}`);
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

/**
 * The Pact Broker tasks, through the official `pact` CLI:
 *
 * - `publish`: `deno task pact:publish` publishes `pacts/` with consumer
 *   version = git commit and branch = git branch.
 * - `can-i-deploy <pacticipant>`: `deno task can-i-deploy OrderService` asks
 *   whether that pacticipant's version (the git commit) can go to
 *   `PACT_ENVIRONMENT` (default `production`).
 * - `record-deployment <pacticipant>`: records that it went there.
 *
 * Each needs `PACT_BROKER_BASE_URL` (and `PACT_BROKER_TOKEN`, or
 * `PACT_BROKER_USERNAME` and `PACT_BROKER_PASSWORD`); without it the task fails
 * in one sentence and touches no network.
 *
 * @module
 */
import process from "node:process";
import {
  canIDeployArgs,
  cliEnv,
  deployEnvironment,
  type Env,
  publishArgs,
  recordDeploymentArgs,
  requireBroker,
} from "./config.ts";
import { gitVersion } from "./git.ts";
import { runPactCli } from "./pact_cli.ts";
import { repoPath } from "../provider_entry.ts";

const PACTICIPANTS = ["OrderService", "UserService"];

/** The `pact` command line for `task` with its `rest` arguments. */
export function brokerCommand(task: string, rest: string[], env: Env): string[] {
  if (task === "publish") return publishArgs(repoPath("pacts"), gitVersion(env));
  const [pacticipant] = rest;
  if (!PACTICIPANTS.includes(pacticipant)) {
    throw new Error(`Name the pacticipant: ${task} ${PACTICIPANTS.join(" or ")}`);
  }
  const { sha } = gitVersion(env);
  if (task === "can-i-deploy") return canIDeployArgs(pacticipant, sha, deployEnvironment(env));
  if (task === "record-deployment") {
    return recordDeploymentArgs(pacticipant, sha, deployEnvironment(env));
  }
  throw new Error(`Unknown broker task "${task}": publish, can-i-deploy or record-deployment`);
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const [task = "", ...rest] = process.argv.slice(2);
  try {
    const broker = requireBroker(
      process.env,
      `deno task ${task === "publish" ? "pact:publish" : task}`,
    );
    const args = brokerCommand(task, rest, process.env);
    console.log(`pact ${args.join(" ")}`);
    process.exitCode = await runPactCli(args, cliEnv(broker, process.env));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

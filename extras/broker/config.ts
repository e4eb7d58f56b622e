/**
 * The Pact Broker workflow's settings, read from the environment, and the
 * command lines and verifier options built from them. Pure functions: the
 * tests check them without a broker.
 *
 * @module
 */
import type { VerifierOptions } from "@pact-foundation/pact";

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/** A broker task was asked for but no broker is configured. */
export class BrokerNotConfiguredError extends Error {
  /** Creates the error for the task named `task`. */
  constructor(task: string) {
    super(
      `${task} needs a Pact Broker: set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN, or ` +
        "PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)",
    );
    this.name = "BrokerNotConfiguredError";
  }
}

/** Where the broker is and how to sign in. Secrets stay in the environment. */
export interface Broker {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
}

/** The version being published or verified: the git commit and branch. */
export interface GitVersion {
  sha: string;
  branch: string;
}

/** The broker named by `PACT_BROKER_BASE_URL`, or `undefined` when there is none. */
export function brokerFromEnv(env: Env): Broker | undefined {
  const baseUrl = env.PACT_BROKER_BASE_URL?.trim();
  if (!baseUrl) return undefined;
  return {
    baseUrl,
    token: env.PACT_BROKER_TOKEN || undefined,
    username: env.PACT_BROKER_USERNAME || undefined,
    password: env.PACT_BROKER_PASSWORD || undefined,
  };
}

/** {@linkcode brokerFromEnv}, or a {@linkcode BrokerNotConfiguredError} for `task`. */
export function requireBroker(env: Env, task: string): Broker {
  const broker = brokerFromEnv(env);
  if (!broker) throw new BrokerNotConfiguredError(task);
  return broker;
}

/**
 * The environment for the `pact` CLI: the broker's address and credentials
 * go there, never on its command line, where any process list would show them.
 */
export function cliEnv(broker: Broker, env: Env): Env {
  return {
    ...env,
    PACT_BROKER_BASE_URL: broker.baseUrl,
    PACT_BROKER_TOKEN: broker.token,
    PACT_BROKER_USERNAME: broker.username,
    PACT_BROKER_PASSWORD: broker.password,
  };
}

/** `pact broker publish`: the pacts, consumer version = commit, branch = git branch. */
export function publishArgs(pactDir: string, version: GitVersion): string[] {
  return [
    "broker",
    "publish",
    pactDir,
    "--consumer-app-version",
    version.sha,
    "--branch",
    version.branch,
  ];
}

/** How the provider checked its own description, for a provider contract. */
export interface SelfVerification {
  /** Whether those checks passed. */
  passed: boolean;
  /** Their JUnit report. */
  resultsFile: string;
  /** What ran them, e.g. `deno task test`. */
  verifier: string;
}

/**
 * `pact pactflow publish-provider-contract`: UserService's OpenAPI document as
 * its provider contract (bi-directional contract testing on PactFlow), with
 * the result of the provider's own checks of it (the schema conformance tests)
 * as the self-verification.
 */
export function publishProviderContractArgs(
  contractFile: string,
  version: GitVersion,
  selfVerification: SelfVerification,
): string[] {
  return [
    "pactflow",
    "publish-provider-contract",
    contractFile,
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
    selfVerification.passed ? "0" : "1",
    "--verification-results",
    selfVerification.resultsFile,
    "--verification-results-content-type",
    "application/xml",
    "--verification-results-format",
    "junit",
    "--verifier",
    selfVerification.verifier,
  ];
}

/** `pact broker can-i-deploy` for `pacticipant` at `version` to `environment`. */
export function canIDeployArgs(pacticipant: string, sha: string, environment: string): string[] {
  return [
    "broker",
    "can-i-deploy",
    "--pacticipant",
    pacticipant,
    "--version",
    sha,
    "--to-environment",
    environment,
  ];
}

/** `pact broker record-deployment` of `pacticipant` at `version` to `environment`. */
export function recordDeploymentArgs(
  pacticipant: string,
  sha: string,
  environment: string,
): string[] {
  return [
    "broker",
    "record-deployment",
    "--pacticipant",
    pacticipant,
    "--version",
    sha,
    "--environment",
    environment,
  ];
}

/** The environment to deploy to: `PACT_ENVIRONMENT`, default `production`. */
export function deployEnvironment(env: Env): string {
  return env.PACT_ENVIRONMENT || "production";
}

/**
 * Where the verifier takes its pacts from. With a broker: the pacts chosen by
 * consumer version selectors (the consumers' main branch, the branch matching
 * the provider's, and what is deployed or released), pending pacts on, WIP
 * pacts since `PACT_INCLUDE_WIP_PACTS_SINCE` (when set), the provider version
 * and branch from git, and results published only when `CI=true`; or, with
 * `PACT_URL` (the broker's "contract requiring verification published"
 * webhook), that one pact. Without a broker, `undefined`: verify the local
 * pact files (which the verification reads itself: it checks their provider
 * states first, slices large ones, and reports each interaction).
 */
export function pactSource(
  env: Env,
  version: () => GitVersion,
): Partial<VerifierOptions> | undefined {
  const broker = brokerFromEnv(env);
  if (!broker) return undefined;
  const { sha, branch } = version();
  const credentials = broker.token
    ? { pactBrokerToken: broker.token }
    : { pactBrokerUsername: broker.username, pactBrokerPassword: broker.password };
  const provider = {
    providerVersion: sha,
    providerVersionBranch: branch,
    publishVerificationResult: env.CI === "true",
  };
  if (env.PACT_URL) return { pactUrls: [env.PACT_URL], ...credentials, ...provider };
  return {
    pactBrokerUrl: broker.baseUrl,
    // pact-js refuses a token next to a username or password, even undefined ones.
    ...credentials,
    consumerVersionSelectors: [
      { mainBranch: true },
      { matchingBranch: true },
      { deployedOrReleased: true },
    ],
    enablePending: true,
    ...(env.PACT_INCLUDE_WIP_PACTS_SINCE
      ? { includeWipPactsSince: env.PACT_INCLUDE_WIP_PACTS_SINCE }
      : {}),
    ...provider,
  };
}

/**
 * What an extra asks of the hooks it puts around a plain Pact test run, as
 * one JSON value in the environment variable `PACT_EXTRAS`. A test run
 * without it is left exactly as pact-js would run it.
 *
 * @module
 */
import process from "node:process";

/** The environment variable that carries a {@linkcode HooksConfig}. */
export const HOOKS_ENV = "PACT_EXTRAS";

/** How a verification is pointed at a provider the extra started or found running. */
export interface VerificationTarget {
  /** Where that provider listens. */
  providerBaseUrl: string;
  /** A token it accepts. */
  token: string;
  /** Its SQLite database (`USERS_DB`), for the provider states… */
  usersDb?: string;
  /** …or its PostgreSQL database (`DATABASE_URL`). */
  databaseUrl?: string;
}

/** What the hooks do to a Pact test run. */
export interface HooksConfig {
  /** The test files `run_tests.ts` runs (relative to the working folder, or absolute). */
  files?: string[];
  /**
   * After `files`: a test that replaces the consumers' pacts in this folder
   * with the ones the run wrote to `pactDir`, when every interaction passed
   * (`extras/pacts/write_step.ts`); then the test files in `then`.
   */
  writePactsTo?: string;
  /** Test files `run_tests.ts` runs after the pacts are written (the verification). */
  then?: string[];
  /**
   * Set in the run when the consumers' tests failed: the verification that
   * follows them is refused, rather than verify the pacts as they were.
   */
  refuseVerification?: string;
  /**
   * Consumer tests write their pacts here instead of the folder they name;
   * `"temporary"`: a folder of the process's own, removed when it exits.
   */
  pactDir?: string;
  /** A file to which each interaction's outcome is appended, one JSON line each (`results.ts`). */
  results?: string;
  /**
   * A run started ahead of time, held until a line arrives on stdin: `true`
   * holds it before the test files are imported; `"verify"` runs them up to
   * pact-js's `verifyProvider` (the provider started, its modules loaded)
   * and holds it there, the pacts listed again once it goes.
   */
  waitForGo?: boolean | "verify";
  /**
   * The consumer mutation check: after each interaction's test passes, it
   * runs again once per value the interaction pins, with that value taken
   * away; the pinned values are read from the pact files in this folder.
   */
  pinnedIn?: string;
  /** Verification: the pact files to verify instead of the test's. */
  pactUrls?: string[];
  /** Verification: the pacts come from the Pact Broker named in the environment instead. */
  broker?: boolean;
  /** Verification: against this provider instead of the one the test started. */
  target?: VerificationTarget;
  /** Verification: only part `index` of `of` of the interactions (`extras/verify/parts.ts`). */
  part?: { index: number; of: number };
  /** Verification: once per change in the provider mutation catalogue, through a proxy. */
  mutationGuard?: boolean;
}

/** The configuration in `env`; none when `PACT_EXTRAS` is unset. */
export function hooksConfig(env: Record<string, string | undefined> = process.env): HooksConfig {
  const text = env[HOOKS_ENV];
  if (!text) return {};
  try {
    return JSON.parse(text) as HooksConfig;
  } catch (error) {
    throw new Error(`${HOOKS_ENV} is not JSON: ${text}`, { cause: error });
  }
}

/** The environment that carries `config`. */
export function hooksEnv(config: HooksConfig): Record<string, string> {
  return { [HOOKS_ENV]: JSON.stringify(config) };
}

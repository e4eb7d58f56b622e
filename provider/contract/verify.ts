import { type LogLevel, Verifier, type VerifierOptions } from "@pact-foundation/pact";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventLog, UserStore } from "../user_store.ts";
import { userMessageProviders } from "./messages.ts";
import { userStateHandlers } from "./states.ts";

/** The provider name the contracts use. */
export const PROVIDER_NAME = "UserService";

/** The repository's `pacts/` folder. */
export const PACT_DIR: string = fileURLToPath(new URL("../../pacts/", import.meta.url));

/**
 * The pact files in `dir` whose provider is UserService, sorted. Throws when
 * there is none: verifying nothing must not pass.
 */
export function localPactFiles(dir: string = PACT_DIR): string[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => JSON.parse(readFileSync(path, "utf8"))?.provider?.name === PROVIDER_NAME);
  if (files.length === 0) {
    throw new Error(`No pact for "${PROVIDER_NAME}" in "${dir}": run the consumer tests first`);
  }
  return files;
}

/** The provider broke a contract: one line per mismatch, with its interaction. */
export class ContractVerificationError extends Error {
  /** `"<interaction>: <mismatch>"`, one per mismatch the verifier reported. */
  readonly mismatches: readonly string[];

  /** Creates the error from the mismatches; the verifier's failure is the `cause`. */
  constructor(mismatches: readonly string[], options?: ErrorOptions) {
    super(
      `UserService broke its contracts: ${mismatches.length} mismatch(es)\n  ${
        mismatches.join("\n  ")
      }`,
      options,
    );
    this.name = "ContractVerificationError";
    this.mismatches = mismatches;
  }
}

interface VerifierReport {
  errors?: { interaction?: string; mismatch?: { mismatches?: { mismatch?: string }[] } }[];
}

/** The mismatches in pact-js's failure, whose message is the verifier's JSON report. */
function mismatchesOf(failure: unknown): string[] {
  const message = failure instanceof Error ? failure.message : String(failure);
  let report: VerifierReport;
  try {
    report = JSON.parse(message.replace(/^Error: /, ""));
  } catch {
    return [message];
  }
  const lines = (report.errors ?? []).flatMap(({ interaction = "?", mismatch }) =>
    (mismatch?.mismatches ?? [{ mismatch: "failed" }]).map((m) => `${interaction}: ${m.mismatch}`)
  );
  return lines.length > 0 ? lines : [message];
}

/** Options of {@linkcode verifyPacts}. */
export interface VerifyPactsOptions {
  /** The store the provider under test reads; provider states write to it. */
  store: UserStore & EventLog;
  /** Where the messages are read from instead of `store` (a mutation guard changes them). */
  events?: EventLog;
  /** A token the provider accepts; it replaces the contract's example token. */
  token: string;
  /** Pact files to verify; defaults to {@linkcode localPactFiles}. */
  pactUrls?: string[];
  /** Where the pacts come from instead (a Pact Broker: see `scripts/broker/config.ts`). */
  source?: Partial<VerifierOptions>;
  /** pact-js log level; defaults to `warn`. */
  logLevel?: LogLevel;
}

/**
 * Verifies the running provider at `providerBaseUrl` against the pacts, with
 * provider states seeding `options.store`, messages produced through the
 * provider and read from its outbox, and the contract's example bearer
 * token replaced by `options.token` (a request without one stays without). Resolves when every interaction
 * holds; rejects with {@linkcode ContractVerificationError} otherwise (the
 * verifier also prints its readable report).
 */
export async function verifyPacts(
  providerBaseUrl: string | URL,
  options: VerifyPactsOptions,
): Promise<void> {
  const { store, events = store, token } = options;
  const verifier = new Verifier({
    provider: PROVIDER_NAME,
    providerBaseUrl: new URL(providerBaseUrl).origin,
    ...(options.source ?? { pactUrls: options.pactUrls ?? localPactFiles() }),
    stateHandlers: userStateHandlers(store),
    messageProviders: userMessageProviders({ providerBaseUrl, token, store, events }),
    requestFilter: (req, _res, next) => {
      if (req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
      next();
    },
    logLevel: options.logLevel ?? "warn",
  });
  try {
    await verifier.verifyProvider();
  } catch (error) {
    throw new ContractVerificationError(mismatchesOf(error), { cause: error });
  }
}

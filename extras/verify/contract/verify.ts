import { type LogLevel, Verifier, type VerifierOptions } from "@pact-foundation/pact";
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import type { EventLog, UserStore } from "../../../provider/service/store/user_store.ts";
import { userMessageProviders } from "./messages.ts";
import { localPactFiles, PROVIDER_NAME } from "./pact_files.ts";
import { slicePacts } from "./pact_slices.ts";
import { ProviderStateError, stateProblems } from "./state_check.ts";
import { userStateHandlers } from "./states.ts";
import { useTrustStoreBundleOnly } from "./trust_store.ts";

export { localPactFiles, PACT_DIR, PROVIDER_NAME } from "./pact_files.ts";

/** How one interaction of a pact fared. */
export interface InteractionResult {
  /** The consumer whose pact it is. */
  consumer: string;
  /** The interaction's description. */
  description: string;
  /** What differed, one line each; empty when it passed. */
  mismatches: string[];
}

/** The provider broke a contract: one line per mismatch, with its interaction. */
export class ContractVerificationError extends Error {
  /** `"<interaction>: <mismatch>"`, one per mismatch the verifier reported. */
  readonly mismatches: readonly string[];
  /** Every interaction, passed or not, when the pacts were local files. */
  readonly results: readonly InteractionResult[];

  /** Creates the error from the mismatches; the verifier's failure is the `cause`. */
  constructor(
    mismatches: readonly string[],
    options?: ErrorOptions & { results?: readonly InteractionResult[] },
  ) {
    super(
      `UserService broke its contracts: ${mismatches.length} mismatch(es)\n  ${
        mismatches.join("\n  ")
      }`,
      options,
    );
    this.name = "ContractVerificationError";
    this.mismatches = mismatches;
    this.results = options?.results ?? [];
  }
}

interface VerifierReport {
  errors?: { interaction?: string; mismatch?: { mismatches?: { mismatch?: string }[] } }[];
}

/** A mismatch the verifier reported, with the interaction it names. */
interface Mismatch {
  /** The verifier's label: `Verifying a pact between … - <description>`. */
  interaction: string;
  mismatch: string;
}

/** The mismatches in pact-js's failure, whose message is the verifier's JSON report. */
function mismatchesOf(failure: unknown): Mismatch[] {
  const message = failure instanceof Error ? failure.message : String(failure);
  let report: VerifierReport;
  try {
    report = JSON.parse(message.replace(/^Error: /, ""));
  } catch {
    return [{ interaction: "?", mismatch: message }];
  }
  const found = (report.errors ?? []).flatMap(({ interaction = "?", mismatch }) =>
    (mismatch?.mismatches ?? [{ mismatch: "failed" }]).map((m) => ({
      interaction,
      mismatch: m.mismatch ?? "failed",
    }))
  );
  return found.length > 0 ? found : [{ interaction: "?", mismatch: message }];
}

/** Every interaction of the pact files at `paths`, with the mismatches that name it. */
function resultsOf(paths: readonly string[], mismatches: readonly Mismatch[]): InteractionResult[] {
  return paths.flatMap((path) => {
    const pact = JSON.parse(readFileSync(path, "utf8"));
    const consumer = String(pact.consumer?.name ?? "?");
    return (pact.interactions ?? []).map((i: { description?: string }) => {
      const description = String(i.description ?? "?");
      const label = `between ${consumer} and ${PROVIDER_NAME}`;
      return {
        consumer,
        description,
        mismatches: mismatches
          .filter((m) =>
            m.interaction.includes(label) && m.interaction.endsWith(` - ${description}`)
          )
          .map((m) => m.mismatch),
      };
    });
  });
}

const ABORTED = "the verification was aborted before it finished";

/** A mismatch saying so when `signal` aborted: whatever the verifier saw, it does not count. */
function abortedIf(signal: AbortSignal | undefined) {
  return signal?.aborted ? [{ interaction: "verification", mismatch: ABORTED }] : [];
}

/**
 * The responses of the verification proxy still open; all cut off when
 * `signal` aborts. Disposing stops listening to it.
 */
function openResponses(signal: AbortSignal | undefined) {
  const responses = new Set<ServerResponse>();
  const cutOff = () => {
    for (const response of responses) response.destroy();
  };
  signal?.addEventListener("abort", cutOff, { once: true });
  return {
    track(response: ServerResponse): void {
      responses.add(response);
      response.once("close", () => responses.delete(response));
    },
    [Symbol.dispose]: () => signal?.removeEventListener("abort", cutOff),
  };
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
  /** Where the pacts come from instead (a Pact Broker: see `extras/broker/config.ts`). */
  source?: Partial<VerifierOptions>;
  /** pact-js log level; defaults to `warn`. */
  logLevel?: LogLevel;
  /**
   * Ends the verification early: each request still open through the
   * verification proxy is cut off and every later one answered 410 at once,
   * so the verifier finishes (failing) in moments. Without it, a provider
   * that goes away mid-verification leaves the verifier waiting out its
   * request timeout (30 s) for every interaction left, and on Node a
   * process cannot exit while it waits.
   */
  signal?: AbortSignal;
}

/**
 * Verifies the running provider at `providerBaseUrl` against the pacts, with
 * provider states seeding `options.store`, messages produced through the
 * provider and read from its outbox, and the contract's example bearer token
 * replaced by `options.token` (a request without one stays without).
 * Local pact files are first checked for provider states that cannot be set
 * up ({@linkcode ProviderStateError}). Resolves to every interaction's result
 * (none for pacts from a broker) when all hold; rejects with
 * {@linkcode ContractVerificationError} otherwise (the verifier also prints
 * its readable report).
 */
export async function verifyPacts(
  providerBaseUrl: string | URL,
  options: VerifyPactsOptions,
): Promise<InteractionResult[]> {
  const { store, events = store, token } = options;
  const pactUrls = options.source ? [] : options.pactUrls ?? localPactFiles();
  const problems = stateProblems(pactUrls, store);
  if (problems.length > 0) throw new ProviderStateError(problems);
  // No TLS at all for local pact files and a provider on http: (the usual local case).
  const tls = options.source !== undefined || new URL(providerBaseUrl).protocol !== "http:";
  using _trust = useTrustStoreBundleOnly(undefined, { tls });
  const stateFailures = new Set<string>();
  using slices = slicePacts(pactUrls);
  using open = openResponses(options.signal);
  const verifier = new Verifier({
    provider: PROVIDER_NAME,
    providerBaseUrl: new URL(providerBaseUrl).origin,
    ...(options.source ?? { pactUrls: slices.paths }),
    stateHandlers: userStateHandlers(store, (message) => stateFailures.add(message)),
    messageProviders: userMessageProviders({ providerBaseUrl, token, store, events }),
    requestFilter: (req, res, next) => {
      // 4xx: the verifier retries a provider state call that answers 5xx, for seconds.
      if (options.signal?.aborted) return void res.status(410).json({ error: ABORTED });
      open.track(res);
      if (req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
      next();
    },
    logLevel: options.logLevel ?? "warn",
  });
  // What failed that the verifier itself does not report: state handlers, an abort.
  const ownFailures = () => [
    ...[...stateFailures].map((mismatch) => ({ interaction: "provider states", mismatch })),
    ...abortedIf(options.signal),
  ];
  try {
    await verifier.verifyProvider();
  } catch (error) {
    const mismatches = [...ownFailures(), ...mismatchesOf(error)];
    throw new ContractVerificationError(
      mismatches.map((m) => `${m.interaction}: ${m.mismatch}`),
      { cause: error, results: resultsOf(pactUrls, mismatches) },
    );
  }
  const failures = ownFailures();
  if (failures.length > 0) {
    throw new ContractVerificationError(
      failures.map((m) => `${m.interaction}: ${m.mismatch}`),
      { results: resultsOf(pactUrls, []) },
    );
  }
  return resultsOf(pactUrls, []);
}

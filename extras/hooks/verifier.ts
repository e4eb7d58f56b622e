/**
 * The provider side of the hooks: reaches into pact-js's `Verifier` from
 * outside the verification test, so that an extra can check the provider
 * states first, record every interaction's outcome, take the pacts from a
 * Pact Broker, point the verification at another provider (one running
 * already, or a binary), or run the provider mutation guard, while the test
 * stays as it is. Each reads and changes the Verifier's options just before
 * pact-js's own `verifyProvider` runs.
 *
 * @module
 */
import type { VerifierOptions } from "@pact-foundation/pact";
import { existsSync } from "node:fs";
import process from "node:process";
import type { HooksConfig, VerificationTarget } from "./config.ts";
import { record } from "./results.ts";
import { MissingStateError, missingStates } from "../verify/state_check.ts";
import { messageOf } from "../../tooling/error_message.ts";

/** pact-js's `Verifier`, as far as the hooks touch it. */
interface VerifierClass {
  prototype: { verifyProvider(): Promise<unknown> };
}

type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

/** One interaction of pact-js's verification report (its JSON). */
interface ReportedInteraction {
  consumer?: string;
  provider?: string;
  description?: string;
  duration?: string;
  result?: string;
  mismatch?: { mismatches?: { mismatch?: string }[]; message?: string };
}

/** The mismatch lines of a reported interaction. */
function mismatchesOf(interaction: ReportedInteraction): string[] {
  const { mismatch } = interaction;
  if (!mismatch) return interaction.result === "OK" ? [] : ["failed"];
  const lines = (mismatch.mismatches ?? []).map((m) => m.mismatch ?? "failed");
  return lines.length > 0 ? lines : [mismatch.message ?? "failed"];
}

/** The interactions of pact-js's report (the JSON it resolves with, or rejects with as a message). */
export function reportedInteractions(report: string): ReportedInteraction[] | undefined {
  try {
    const parsed = JSON.parse(report.replace(/^Error: /, ""));
    return Array.isArray(parsed?.interactionResults) ? parsed.interactionResults : undefined;
  } catch {
    return undefined;
  }
}

/** Records each interaction of `report`, or the report as one failure when it lists none. */
function recordReport(results: string | undefined, provider: string, report: string): string[] {
  const interactions = reportedInteractions(report);
  if (!interactions) {
    record(results, { kind: "verification failed", provider, failure: report.split("\n")[0] });
    return [report.split("\n")[0]];
  }
  const lines: string[] = [];
  for (const interaction of interactions) {
    const mismatches = mismatchesOf(interaction);
    const description = interaction.description ?? "?";
    record(results, {
      kind: "verified",
      consumer: interaction.consumer ?? "?",
      provider: interaction.provider ?? provider,
      description,
      ms: Number.parseFloat(interaction.duration ?? "0") || 0,
      ...(mismatches.length > 0 ? { failure: mismatches.join("\n") } : {}),
    });
    lines.push(...mismatches.map((m) => `${description}: ${m}`));
  }
  return lines;
}

/**
 * `handlers`, each failure of which is also added to `failures`: pact-js
 * logs a state handler that throws and verifies on, so an interaction whose
 * data happens to be there would pass.
 */
function recordingFailures(handlers: StateHandlers, failures: string[]): StateHandlers {
  const wrapped: StateHandlers = {};
  for (const [name, handler] of Object.entries(handlers)) {
    const steps = typeof handler === "function" ? { setup: handler } : handler;
    const step = (which: "setup" | "teardown") => {
      const run = steps[which];
      if (!run) return undefined;
      return async (params?: Parameters<typeof run>[0]) => {
        try {
          return await run(params);
        } catch (error) {
          failures.push(
            `Provider state "${name}" ${which} failed: ${messageOf(error)}`,
          );
          throw error;
        }
      };
    };
    wrapped[name] = { setup: step("setup"), teardown: step("teardown") };
  }
  return wrapped;
}

/** The responses of pact-js's verification proxy still open. */
type OpenResponses = Set<import("node:http").ServerResponse>;

/**
 * Wraps `options.requestFilter` to keep track of the responses pact-js's
 * verification proxy has open, and, while `verify` runs, answers them all
 * 502 when an error escapes: pact-js's proxy forwards a request with no
 * handler for a failure, so a provider that dies with a request open throws
 * out of everyone's reach, and the verifier would wait out its request
 * timeout (30 s) for that interaction and every one after. Resolves to
 * `verify`'s outcome; rejects, naming the error, when one escaped.
 */
async function withEscapesCaught<T>(
  options: VerifierOptions,
  verify: () => Promise<T>,
  onEscape: (failure: string) => void,
): Promise<T> {
  const open: OpenResponses = new Set();
  const filter = options.requestFilter;
  options.requestFilter = (request, response, next) => {
    open.add(response);
    response.once("close", () => open.delete(response));
    if (filter) filter(request, response, next);
    else next();
  };
  const escaped: unknown[] = [];
  const cutOff = (error: unknown) => {
    if (escaped.length === 0) {
      onEscape(`An error escaped the verification (did the provider die?): ${error}`);
    }
    escaped.push(error);
    for (const response of open) {
      if (response.headersSent) response.destroy();
      else response.writeHead(502, { "content-type": "text/plain" }).end(`${error}`);
    }
  };
  process.on("uncaughtException", cutOff);
  try {
    const outcome = await verify();
    if (escaped.length > 0) throw new Error(`An error escaped the verification: ${escaped[0]}`);
    return outcome;
  } finally {
    process.off("uncaughtException", cutOff);
    options.requestFilter = filter;
  }
}

/** The local files among `urls`: what the state check can read. */
function localFiles(urls: readonly string[] | undefined): string[] {
  return (urls ?? []).filter((url) => !/^https?:/.test(url) && existsSync(url));
}

/**
 * Points `options` at `target`: its URL, its token, and state handlers and
 * message providers over its database (UserService's own, from
 * `provider/pact_states.ts` and `provider/pact_messages.ts`). Disposing
 * closes that database.
 */
async function retarget(options: VerifierOptions, target: VerificationTarget) {
  const [{ openStore }, { stateHandlers }, { messageProviders }] = await Promise.all([
    import("../../provider/service/store/open_store.ts"),
    import("../../provider/pact_states.ts"),
    import("../../provider/pact_messages.ts"),
  ]);
  const store = await openStore({ usersDb: target.usersDb ?? "", databaseUrl: target.databaseUrl });
  const { providerBaseUrl, token } = target;
  options.providerBaseUrl = providerBaseUrl;
  options.stateHandlers = stateHandlers(store);
  options.messageProviders = messageProviders({ providerBaseUrl, token, store });
  options.requestFilter = (request, _response, next) => {
    if (request.headers.authorization) request.headers.authorization = `Bearer ${token}`;
    next();
  };
  return store;
}

/** Takes the pacts from the Pact Broker in the environment (`extras/broker/config.ts`). */
async function fromBroker(options: VerifierOptions): Promise<void> {
  const [{ pactSource }, { gitVersion }] = await Promise.all([
    import("../broker/config.ts"),
    import("../broker/git.ts"),
  ]);
  const source = pactSource(process.env, () => gitVersion(process.env));
  if (!source) throw new Error("No Pact Broker: set PACT_BROKER_BASE_URL");
  delete options.pactUrls;
  Object.assign(options, source);
}

/**
 * Replaces the local pacts of `options` with their slices (of `part`, when
 * given) in a folder removed on disposal; the options are given back then.
 */
async function sliced(options: VerifierOptions, part: HooksConfig["part"]) {
  const [{ pactSlices }, { temporaryDir }] = await Promise.all([
    import("../verify/slices.ts"),
    import("../../tooling/temp_dir.ts"),
  ]);
  const dir = temporaryDir("pact-slices-");
  const pactUrls = options.pactUrls;
  options.pactUrls = pactSlices(pactUrls ?? [], dir.path, { part });
  return {
    [Symbol.asyncDispose]() {
      options.pactUrls = pactUrls;
      dir.remove();
      return Promise.resolve();
    },
  };
}

/**
 * Hooks every `Verifier` from now on, as `config` says. Whatever else, the
 * local pacts' provider states are checked first (a missing handler fails
 * before any interaction is replayed), and a state handler that fails fails
 * the verification.
 */
export function hookVerifier(Verifier: VerifierClass, config: HooksConfig): void {
  const original = Verifier.prototype.verifyProvider;
  // A primed run is held at its first verification only; its loop is the parent it started with.
  let held = config.waitForGo === "verify";
  const loopPid = process.ppid;
  Verifier.prototype.verifyProvider = async function (this: { config: VerifierOptions }) {
    const options = this.config;
    const provider = options.provider ?? "?";
    if (config.refuseVerification) {
      throw new Error(`Not verified: ${config.refuseVerification}`);
    }
    const verify = () => original.call(this);
    if (held) {
      held = false;
      // Primed: the provider is up and the test's modules loaded; verify the pacts as they are
      // once told to go (the consumers' tests may have written them since, even added one).
      // Let go unused, it throws: the test's own clean-up stops its provider and folder.
      const [{ endRun, waitForGo }, { localPactFiles }] = await Promise.all([
        import("../../tooling/go_signal.ts"),
        import("../verify/pact_files.ts"),
      ]);
      await waitForGo(loopPid, endRun, { endBeforeGo: "reject" });
      if (!config.pactUrls && !config.broker) {
        try {
          options.pactUrls = localPactFiles();
        } catch (error) {
          record(config.results, {
            kind: "verification failed",
            provider,
            failure: messageOf(error),
          });
          throw error;
        }
      }
    }
    await using _target = config.target ? await retarget(options, config.target) : undefined;
    if (config.pactUrls) options.pactUrls = config.pactUrls;
    if (config.broker) await fromBroker(options);
    const missing = missingStates(
      localFiles(options.pactUrls),
      Object.keys(options.stateHandlers ?? {}),
    );
    if (missing.length > 0) {
      const error = new MissingStateError(missing);
      record(config.results, { kind: "verification failed", provider, failure: error.message });
      throw error;
    }
    // Large pacts and parts are verified in slices of their own (`extras/verify/slices.ts`).
    await using _slices = config.broker ? undefined : await sliced(options, config.part);
    const stateFailures: string[] = [];
    options.stateHandlers = recordingFailures(options.stateHandlers ?? {}, stateFailures);
    if (config.mutationGuard) {
      const { guardMutations } = await import("../guards/provider_mutations.ts");
      return await guardMutations(options, verify, config.results);
    }
    let report: string;
    try {
      report = String(
        await withEscapesCaught(
          options,
          verify,
          (failure) => record(config.results, { kind: "verification failed", provider, failure }),
        ),
      );
    } catch (error) {
      recordReport(
        config.results,
        provider,
        messageOf(error),
      );
      throw error;
    }
    recordReport(config.results, provider, report);
    if (stateFailures.length > 0) {
      const failure = stateFailures.join("\n");
      record(config.results, { kind: "verification failed", provider, failure });
      throw new Error(failure);
    }
    return report;
  };
}

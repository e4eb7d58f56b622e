import { availableParallelism } from "node:os";
import process from "node:process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { EventLog, UserStore } from "../../../provider/service/store/user_store.ts";
import { localPactFiles } from "./pact_files.ts";
import { ProviderStateError, stateProblems } from "./state_check.ts";
import { useTrustStoreBundleOnly } from "./trust_store.ts";
import {
  ContractVerificationError,
  type InteractionResult,
  verifyPacts,
  type VerifyPactsOptions,
} from "./verify.ts";

/**
 * Below this many interactions a second verifier costs more than it saves:
 * its provider competes for the cores while it starts (measured: 9
 * interactions took 575 ms with two parts, 550 with one).
 */
const INTERACTIONS_PER_PART = 40;

/**
 * How many parts to verify `interactions` in, side by side: `VERIFY_PARTS`
 * when set (1: one verifier, as before), else one per core for a large
 * pact and one for a small one.
 */
export function verifyParts(env: Record<string, string | undefined>, interactions: number): number {
  const parts = Number(env.VERIFY_PARTS);
  if (Number.isSafeInteger(parts) && parts > 0) return parts;
  return Math.max(
    1,
    Math.min(availableParallelism(), Math.floor(interactions / INTERACTIONS_PER_PART)),
  );
}

/** How many interactions the pact files at `paths` hold. */
export function countInteractions(paths: readonly string[]): number {
  return paths.reduce(
    (sum, path) =>
      sum + ((JSON.parse(readFileSync(path, "utf8")) as PactFile).interactions?.length ?? 0),
    0,
  );
}

/** One provider under verification: its address and the store its provider states write to. */
export interface ProviderUnderTest extends AsyncDisposable {
  url: URL;
  store: UserStore & EventLog;
}

/** Options of {@linkcode verifyInParallel}. */
export interface ParallelOptions extends Omit<VerifyPactsOptions, "store" | "events" | "pactUrls"> {
  /** The pact files; default: the local ones. */
  pactUrls?: string[];
  /** How many verifiers, each with a provider of its own; default {@linkcode verifyParts}. */
  parts?: number;
  /** Starts the provider of part `n`, over a database of its own. */
  startProvider(n: number): Promise<ProviderUnderTest>;
}

interface PactFile {
  interactions?: unknown[];
  [key: string]: unknown;
}

/**
 * The interactions of the pact files at `paths`, dealt into `parts` pact files
 * of about equal size (each the same pact, with its share of interactions)
 * in a temporary folder that disposing removes. Each interaction is in one
 * part, once.
 */
export function partitionPacts(paths: readonly string[], parts: number) {
  const dir = mkdtempSync(join(tmpdir(), "pact-parts-"));
  const files: string[][] = Array.from({ length: parts }, () => []);
  for (const path of paths) {
    const pact = JSON.parse(readFileSync(path, "utf8")) as PactFile;
    const interactions = pact.interactions ?? [];
    const size = Math.ceil(interactions.length / parts);
    for (let part = 0; part < parts; part++) {
      const share = interactions.slice(part * size, (part + 1) * size);
      if (share.length === 0) continue;
      const file = join(dir, `${basename(path, ".json")}.part${part}.json`);
      writeFileSync(file, JSON.stringify({ ...pact, interactions: share }));
      files[part].push(file);
    }
  }
  return {
    parts: files.filter((part) => part.length > 0),
    [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Verifies the pacts with several verifiers at once (one per core for a
 * large pact, see {@linkcode verifyParts}): the interactions are dealt into parts, and each part is verified
 * against a provider of its own (`startProvider`), so that provider states
 * stay apart, their own databases. The Pact core verifies on threads of its
 * own, so the parts run side by side in this one process. The results are
 * merged as one verification: every interaction's result, or one
 * {@linkcode ContractVerificationError} with every part's mismatches.
 * Provider states are checked first, once, over the whole pacts.
 */
export async function verifyInParallel(options: ParallelOptions): Promise<InteractionResult[]> {
  const pactUrls = options.pactUrls ?? localPactFiles();
  const interactions = countInteractions(pactUrls);
  const parts = Math.max(
    1,
    Math.min(options.parts ?? verifyParts(process.env, interactions), interactions),
  );
  using partitioned = partitionPacts(pactUrls, parts);
  const providers = await Promise.all(partitioned.parts.map((_, n) => options.startProvider(n)));
  // Once for all parts: they share this process's environment. Local pact files: TLS only
  // for a provider on https:.
  using _trust = useTrustStoreBundleOnly(undefined, {
    tls: providers.some((provider) => provider.url.protocol !== "http:"),
  });
  try {
    {
      const problems = stateProblems(pactUrls, providers[0].store);
      if (problems.length > 0) throw new ProviderStateError(problems);
    }
    const outcomes = await Promise.allSettled(
      partitioned.parts.map((part, n) =>
        verifyPacts(providers[n].url, {
          ...options,
          store: providers[n].store,
          pactUrls: part,
        })
      ),
    );
    const results: InteractionResult[] = [];
    const mismatches: string[] = [];
    let cause: unknown;
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") {
        results.push(...outcome.value);
      } else if (outcome.reason instanceof ContractVerificationError) {
        results.push(...outcome.reason.results);
        mismatches.push(...outcome.reason.mismatches);
        cause ??= outcome.reason;
      } else {
        throw outcome.reason;
      }
    }
    if (mismatches.length > 0) throw new ContractVerificationError(mismatches, { cause, results });
    return results;
  } finally {
    await Promise.all(providers.map((provider) => provider[Symbol.asyncDispose]()));
  }
}

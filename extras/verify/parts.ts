/**
 * Verification across cores: a large pact's interactions dealt into parts,
 * each verified by a process of its own against a provider of its own (the
 * verification test run once per part, given only the part's interactions:
 * `slices.ts`).
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";

/**
 * Below this many interactions a second part costs more than it saves: its
 * process loads pact-js and starts a provider while the first verifies.
 */
const INTERACTIONS_PER_PART = 40;

/** The descriptions of every interaction in the pact files at `paths`. */
export function descriptionsIn(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    (JSON.parse(readFileSync(path, "utf8")).interactions ?? []).map((i: { description?: string }) =>
      String(i.description ?? "")
    )
  );
}

/**
 * How many parts to verify `interactions` in: `VERIFY_PARTS` when set (1:
 * one process), else one per core for a large pact and one for a small one.
 */
export function verifyParts(env: Record<string, string | undefined>, interactions: number): number {
  const parts = Number(env.VERIFY_PARTS);
  if (Number.isSafeInteger(parts) && parts > 0) return parts;
  return Math.max(
    1,
    Math.min(availableParallelism(), Math.floor(interactions / INTERACTIONS_PER_PART)),
  );
}

/**
 * What the hooks learn in a test process, handed to the extra that started
 * it: one JSON line per record, appended to a file.
 *
 * @module
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

/** One interaction as a consumer test ran it. */
export interface ConsumerRecord {
  kind: "consumer";
  consumer: string;
  provider: string;
  description: string;
  ms: number;
  /** Why it failed; absent when it passed. */
  failure?: string;
}

/** One interaction as the provider verification replayed it. */
export interface VerifiedRecord {
  kind: "verified";
  consumer: string;
  provider: string;
  description: string;
  ms: number;
  failure?: string;
}

/** A failure of the verification that no interaction owns (a state handler, a broker, a crash). */
export interface VerificationFailureRecord {
  kind: "verification failed";
  provider: string;
  failure: string;
}

/** One pinned value the consumer mutation check took away, and whether the test noticed. */
export interface PinnedRecord {
  kind: "pinned";
  consumer: string;
  description: string;
  /** Where: `status`, `header Content-Type`, `body $.users[*].id`. */
  value: string;
  /** How it was taken away. */
  change: string;
  /** Whether the test failed without it (the value is read). */
  read: boolean;
}

/** An interaction the consumer mutation check could not judge, and why. */
export interface UnjudgedRecord {
  kind: "unjudged";
  consumer: string;
  description: string;
  reason: string;
}

/** One change of the provider mutation guard, and how verification took it. */
export interface MutationRecord {
  kind: "mutation";
  name: string;
  breaking: boolean;
  /** The mismatch lines verification reported; empty when it passed. */
  mismatches: string[];
  /** The consumers whose interactions failed. */
  consumers: string[];
}

/** What became of `pacts/` after the consumers' tests. */
export interface PactsRecord {
  kind: "pacts";
  /** The files written, or none when `pacts/` was left as it was. */
  written: string[];
  /** The consumers' pact files removed (they wrote none this time). */
  removed: string[];
  /** Why `pacts/` was left as it was. */
  kept?: string;
}

/** Anything the hooks record. */
export type HookRecord =
  | ConsumerRecord
  | PactsRecord
  | VerifiedRecord
  | VerificationFailureRecord
  | PinnedRecord
  | UnjudgedRecord
  | MutationRecord;

/** Appends `record` to `file` (no file: nothing). */
export function record(file: string | undefined, entry: HookRecord): void {
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** Every record in `file`, in the order written; none when there is no file. */
export function readRecords(file: string): HookRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

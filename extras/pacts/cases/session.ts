import type { PactV4 } from "@pact-foundation/pact";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONSUMER_NAME, userServicePact } from "./pact.ts";

/** One interaction OrderService needs, as a runnable case. */
export interface ContractCase {
  /** What the consumer relies on, in a sentence. */
  name: string;
  /** Declares the interaction on `pact` and runs the consumer's code against it. */
  run(pact: PactV4): Promise<unknown>;
}

/** How one case went. */
export interface CaseResult {
  name: string;
  /** Milliseconds it took. */
  ms: number;
  /** Why it failed; absent when it passed. */
  error?: unknown;
}

/** What {@linkcode ContractSession.finish} did with `pacts/`. */
export type FinishOutcome =
  | { written: string[]; removed: string[] }
  | { kept: string };

/**
 * One consumer run that writes the contracts afresh. Every case writes into a
 * new temporary folder; {@linkcode finish} then replaces OrderService's pact
 * files in `pactDir` with what this run wrote, and removes any OrderService
 * pact this run no longer produces, but only when every one of `expected`
 * cases ran and passed. A removed interaction thus disappears from `pacts/`,
 * and a failed or partial run (a filter) leaves `pacts/` as it was.
 *
 * @example
 * ```ts
 * const session = new ContractSession(PACT_DIR, CONTRACT_CASES.length);
 * for (const c of CONTRACT_CASES) await session.run(c);
 * session.finish();
 * ```
 */
export class ContractSession {
  readonly #pactDir: string;
  readonly #expected: number;
  readonly #dir = mkdtempSync(join(tmpdir(), "order-service-pacts-"));
  readonly #results: CaseResult[] = [];

  /** A session that will write into `pactDir` when all `expected` cases pass. */
  constructor(pactDir: string, expected: number) {
    this.#pactDir = pactDir;
    this.#expected = expected;
  }

  /** The results so far, in the order the cases ran. */
  get results(): readonly CaseResult[] {
    return this.#results;
  }

  /** Runs `contractCase` against a new PactV4 writing into this session's folder; rethrows its failure. */
  async run(contractCase: ContractCase): Promise<void> {
    const started = performance.now();
    try {
      await contractCase.run(userServicePact(this.#dir));
      this.#results.push({ name: contractCase.name, ms: performance.now() - started });
    } catch (error) {
      this.#results.push({ name: contractCase.name, ms: performance.now() - started, error });
      throw error;
    }
  }

  /** Replaces OrderService's pacts in `pactDir` if every case ran and passed; cleans up either way. */
  finish(): FinishOutcome {
    try {
      const failed = this.#results.filter((r) => r.error !== undefined).length;
      if (failed > 0) return { kept: `${failed} case(s) failed` };
      if (this.#results.length !== this.#expected) {
        return { kept: `${this.#results.length} of ${this.#expected} cases ran` };
      }
      const written = readdirSync(this.#dir).filter((name) => name.endsWith(".json")).sort();
      const removed = readdirSync(this.#pactDir)
        .filter((name) => name.endsWith(".json") && !written.includes(name))
        .filter((name) => consumerOf(join(this.#pactDir, name)) === CONSUMER_NAME);
      for (const name of removed) rmSync(join(this.#pactDir, name));
      for (const name of written) {
        // Copied beside the target, then renamed over it: a reader never sees half a file.
        const target = join(this.#pactDir, name);
        copyFileSync(join(this.#dir, name), `${target}.tmp`);
        renameSync(`${target}.tmp`, target);
      }
      return { written, removed };
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }
}

function consumerOf(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"))?.consumer?.name;
  } catch {
    return undefined;
  }
}

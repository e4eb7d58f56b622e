/**
 * `deno task mutate:consumer`: the consumer mutation check over every
 * consumer's Pact tests, as they are (`consumer_mutations.ts`). The tests run
 * twice: once plainly, writing the pacts whose pinned values are then taken
 * away; once with each test run again per pinned value. One line per value
 * pinned but never read, then a score per consumer.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HookRecord, PinnedRecord, UnjudgedRecord } from "../hooks/results.ts";
import { runTests } from "../hooks/test_run.ts";
import { consumerPactTests } from "../pacts/write_pacts.ts";
import type { PactInteraction } from "./pinned_values.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

const WITH: Record<string, string> = {
  "removed": "with it removed",
  "of another type": "with it of another type",
  "another status": "with another status",
};

/** The check's verdict over what it recorded: one line per over-specified value, then a score per consumer. */
export function reportPinned(records: readonly HookRecord[]): { ok: boolean; text: string } {
  const pinned = records.filter((r): r is PinnedRecord => r.kind === "pinned");
  const unjudged = records.filter((r): r is UnjudgedRecord => r.kind === "unjudged");
  const lines: string[] = [];
  for (const u of unjudged) {
    lines.push(`  ✗ ${u.consumer} "${u.description}": cannot be judged: ${u.reason}`);
  }
  let ok = unjudged.length === 0;
  const consumers = [...new Set([...pinned, ...unjudged].map((r) => r.consumer))].sort();
  for (const consumer of consumers) {
    const mine = pinned.filter((r) => r.consumer === consumer);
    for (const r of mine.filter((r) => !r.read)) {
      lines.push(
        `  ✗ ${consumer} "${r.description}": ${r.value} is pinned, but its test passes ${
          WITH[r.change] ?? r.change
        } (${consumer} never reads it: stop pinning it, or use it)`,
      );
    }
    const values = new Set(mine.map((r) => `${r.description}\n${r.value}`));
    const unread = new Set(mine.filter((r) => !r.read).map((r) => `${r.description}\n${r.value}`));
    const interactions = new Set(mine.map((r) => r.description)).size;
    lines.push(
      `Consumer mutation check (${consumer}): ${values.size - unread.size} of ${values.size} ` +
        `pinned values proved read by its tests, ${unread.size} over-specified ` +
        `(${interactions} interactions)`,
    );
    if (unread.size > 0) ok = false;
  }
  if (consumers.length === 0) {
    lines.push("Consumer mutation check: no interaction was checked");
    ok = false;
  }
  return { ok, text: lines.join("\n") };
}

/** A pact file as the consumers' tests wrote it, as far as it is read here. */
export interface WrittenPact {
  consumer: { name: string };
  interactions: PactInteraction[];
}

/** Options of {@linkcode checkConsumers}. */
export interface CheckConsumersOptions {
  /** The consumers' Pact test files; default: every one ({@linkcode consumerPactTests}). */
  files?: readonly string[];
  /** The copy of the repository to run in (default: this one). */
  root?: string;
}

/** How the check went: the verdict and its report, what it recorded, the pacts it judged. */
export interface ConsumerCheck {
  ok: boolean;
  text: string;
  records: HookRecord[];
  pacts: WrittenPact[];
}

/** Runs the check; resolves to whether every pinned value is read, the report, the records and the pacts. */
export async function checkConsumers(options: CheckConsumersOptions = {}): Promise<ConsumerCheck> {
  const files = options.files ?? consumerPactTests(options.root);
  const dirTemp = temporaryDir("consumer-mutation-check-");
  const dir = dirTemp.path;
  try {
    const plain = await runTests(files, {
      hooks: { pactDir: dir },
      output: "ignore",
      root: options.root,
    });
    if (plain.code !== 0) {
      const text = `Consumer mutation check: the consumers' tests fail as they are ` +
        `(exit code ${plain.code}); make them pass first`;
      return { ok: false, text, records: plain.records, pacts: [] };
    }
    const { code, records } = await runTests(files, {
      hooks: { pactDir: "temporary", pinnedIn: dir },
      output: "ignore",
      root: options.root,
    });
    const report = reportPinned(records);
    // The pacts the tests wrote as they are: which answer each interaction describes.
    const pacts = readdirSync(dir).filter((name) => name.endsWith(".json")).map((name) =>
      JSON.parse(readFileSync(join(dir, name), "utf8")) as WrittenPact
    );
    if (code !== 0) {
      return {
        ok: false,
        text: `${report.text}\nThe checked run failed (exit code ${code})`,
        records,
        pacts,
      };
    }
    return { ...report, records, pacts };
  } finally {
    dirTemp.remove();
  }
}

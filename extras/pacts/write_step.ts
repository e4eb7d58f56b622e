/**
 * The step between the consumers' tests and the verification, as a test of
 * the run: the pacts the consumers' tests wrote (to the run's own folder)
 * replace theirs in `pacts/`, when every interaction they declared passed.
 * Otherwise `pacts/` is left as it was, and the verification that follows
 * in the run is refused.
 *
 * @module
 */
import { test } from "node:test";
import type { HooksConfig } from "../hooks/config.ts";
import { type ConsumerRecord, readRecords, record } from "../hooks/results.ts";
import { replacePacts } from "./replace_pacts.ts";

/** Why the consumers' pacts may not be written, from what the hooks recorded; none when they may. */
function whyKept(records: readonly ConsumerRecord[]): string | undefined {
  if (records.length === 0) return "no interaction ran";
  const failed = records.filter((r) => r.failure !== undefined);
  if (failed.length > 0) return `${failed.length} interaction(s) failed`;
  return undefined;
}

/** Registers the step: it runs after the tests registered before it. */
export function pactWritingTest(config: HooksConfig): void {
  test("the consumers' pacts are written afresh to pacts/", () => {
    const ran = readRecords(config.results ?? "").filter((r): r is ConsumerRecord =>
      r.kind === "consumer"
    );
    const kept = whyKept(ran);
    if (kept) {
      record(config.results, {
        kind: "pacts",
        written: [],
        removed: [],
        kept: `the consumers' tests failed: ${kept}`,
      });
      config.refuseVerification = `the consumers' tests failed: ${kept}`;
      throw new Error(`pacts/ left as it was: ${kept}`);
    }
    const consumers = new Set(ran.map((r) => r.consumer));
    record(config.results, {
      kind: "pacts",
      ...replacePacts(config.pactDir!, config.writePactsTo!, consumers),
    });
  });
}

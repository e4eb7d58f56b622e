/**
 * The contract mutation guard (`deno task mutate` / `npm run mutate`). Runs
 * the provider's verification test once with the guard hooked in
 * (`provider_mutations.ts`): for each change in the catalogue
 * (`mutations.ts`), the test's verification runs again through a proxy that
 * applies that one change to UserService's requests, responses or events.
 * Then the description catalogue, through the bi-directional check. Prints a
 * table and a score for each; fails when a breaking change passes or a
 * compatible one fails.
 *
 * @module
 */
import type { MutationRecord } from "../hooks/results.ts";
import { runTests } from "../hooks/test_run.ts";
import { localPactFiles } from "../verify/pact_files.ts";
import { VERIFICATION_TEST } from "../verify/verification.ts";
import { type Mutation, MUTATIONS } from "./mutations.ts";

/** The outcome of one mutation. */
export interface MutationResult {
  mutation: Mutation;
  /** Whether verification passed with the mutation applied. */
  passed: boolean;
  /** The mismatch the catalogue expects, or the first one, when it failed. */
  mismatch?: string;
  /** The consumers whose interactions failed. */
  consumers: string[];
  /** Whether that is what the catalogue expects: caught as named, for exactly its consumers. */
  ok: boolean;
}

/** Each mutation's outcome, from what the guard recorded (a mutation it did not record failed). */
export function mutationResults(records: readonly MutationRecord[]): MutationResult[] {
  return MUTATIONS.map((mutation) => {
    const found = records.find((r) => r.name === mutation.name);
    if (!found) return { mutation, passed: false, mismatch: "not run", consumers: [], ok: false };
    const passed = found.mismatches.length === 0;
    const mismatch = found.mismatches.find((line) => mutation.expect?.test(line)) ??
      found.mismatches[0];
    const caught = !passed && (!mutation.expect || mutation.expect.test(mismatch ?? ""));
    const sameConsumers = [...found.consumers].sort().join() === [...mutation.breaks].sort().join();
    return {
      mutation,
      passed,
      mismatch,
      consumers: found.consumers,
      ok: mutation.breaks.length > 0 ? caught && sameConsumers : passed,
    };
  });
}

async function replayed(): Promise<number> {
  const { records } = await runTests([VERIFICATION_TEST], {
    hooks: { mutationGuard: true },
    output: "ignore",
  });
  const results = mutationResults(
    records.filter((r): r is MutationRecord => r.kind === "mutation"),
  );
  printReport(results);
  return results.every((result) => result.ok) ? 0 : 1;
}

/** What a change did to the consumers: whom it broke, or that it is safe and why. */
export function verdictOf({ mutation, passed, mismatch, consumers }: MutationResult): string {
  if (passed) {
    return `safe: every consumer's pact still holds (${
      mutation.safe ?? "the catalogue says it breaks " + mutation.breaks.join(", ")
    })`;
  }
  const broken = consumers.length > 0 ? consumers.join(", ") : "the verification";
  return `breaks ${broken}: ${(mismatch ?? "").replace(/^Verifying a pact .*? - /, "")}` +
    (mutation.breaks.length === 0 ? " (the catalogue says it is compatible)" : "");
}

function printReport(results: MutationResult[]): void {
  const breaking = results.filter((r) => r.mutation.breaks.length > 0);
  const compatible = results.filter((r) => r.mutation.breaks.length === 0);
  console.log(
    "\n| change to UserService | breaks, by the catalogue | verification | as expected |",
  );
  console.log("| --- | --- | --- | --- |");
  for (const result of results) {
    const expected = result.mutation.breaks.length > 0
      ? result.mutation.breaks.join(", ")
      : "no one";
    const verdict = verdictOf(result).replaceAll("|", "\\|");
    console.log(
      `| ${result.mutation.name} | ${expected} | ${verdict} | ${result.ok ? "yes" : "NO"} |`,
    );
  }
  const caught = breaking.filter((r) => r.ok).length;
  const accepted = compatible.filter((r) => r.ok).length;
  console.log(
    `\nMutation score: ${caught}/${breaking.length} breaking changes caught, each for the ` +
      `consumers it breaks; ${accepted}/${compatible.length} compatible changes accepted`,
  );
}

/** The description catalogue: each change to the OpenAPI/AsyncAPI documents, and whether it was judged right. */
async function describedMain(): Promise<number> {
  const { compareWithDescriptions } = await import(
    "../bidirectional/compare.ts"
  );
  const { DESCRIPTION_MUTATIONS, mutatedDescriptions } = await import(
    "./description_mutations.ts"
  );
  const { ASYNCAPI, OPENAPI } = await import("../../provider/service/api/documents.ts");
  const documents = { oas: OPENAPI as never, asyncapi: ASYNCAPI as never };
  console.log("\n| change to the descriptions | kind | bi-directional check | as expected |");
  console.log("| --- | --- | --- | --- |");
  let caught = 0, accepted = 0, breaking = 0;
  for (const mutation of DESCRIPTION_MUTATIONS) {
    const findings = await compareWithDescriptions(
      localPactFiles(),
      mutatedDescriptions(documents, mutation),
    );
    const error = findings.find((f) =>
      f.type === "error" && (!mutation.expect || mutation.expect.test(f.message))
    ) ?? findings.find((f) =>
      f.type === "error"
    );
    const ok = mutation.breaking
      ? error !== undefined && (!mutation.expect || mutation.expect.test(error.message))
      : error === undefined;
    if (mutation.breaking) breaking++;
    if (ok && mutation.breaking) caught++;
    if (ok && !mutation.breaking) accepted++;
    const verdict = error ? `fails: ${error.interaction}: ${error.message}` : "passes";
    console.log(
      `| ${mutation.name} | ${mutation.breaking ? "breaking" : "compatible"} | ${
        verdict.replaceAll("|", "\\|")
      } | ${ok ? "yes" : "NO"} |`,
    );
  }
  const compatible = DESCRIPTION_MUTATIONS.length - breaking;
  console.log(
    `\nDescription score: ${caught}/${breaking} breaking changes caught, ` +
      `${accepted}/${compatible} compatible changes accepted`,
  );
  return caught === breaking && accepted === compatible ? 0 : 1;
}

/**
 * Runs both catalogues, the replayed one through the proxy and the
 * descriptions' one through the bi-directional check; prints their tables and
 * scores and resolves to 0 when every change was judged as the catalogue says.
 */
export async function runMutationGuard(): Promise<number> {
  const replayedCode = await replayed();
  const described = await describedMain();
  return replayedCode || described;
}

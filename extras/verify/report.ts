import {
  ContractVerificationError,
  type InteractionResult,
  PROVIDER_NAME,
} from "./contract/verify.ts";
import { ProviderStateError } from "./contract/state_check.ts";
import { repoPath } from "../../tooling/repo.ts";
import { type ReportCase, writeJUnit } from "../reports/junit.ts";
import { summary } from "../reports/summary.ts";

/** The report cases of a verification: one per interaction, and one per failure no interaction owns. */
export function verificationCases(outcome: InteractionResult[] | unknown): ReportCase[] {
  const group = (consumer: string) => `${consumer} → ${PROVIDER_NAME}`;
  const ofResults = (results: readonly InteractionResult[]) =>
    results.map((r) => ({
      group: group(r.consumer),
      name: r.description,
      ms: 0,
      ...(r.mismatches.length > 0 ? { failure: r.mismatches.join("\n") } : {}),
    }));
  if (Array.isArray(outcome)) return ofResults(outcome);
  if (outcome instanceof ProviderStateError) {
    return outcome.problems.map((p) => ({
      group: group("?"),
      name: p.interaction,
      ms: 0,
      failure: [p.message, ...(p.template ? [p.template] : [])].join("\n"),
    }));
  }
  if (outcome instanceof ContractVerificationError) {
    const cases = ofResults(outcome.results);
    // Mismatches no listed interaction owns (pacts from a broker, failed provider states).
    const owned = new Set(cases.flatMap((c) => c.failure?.split("\n") ?? []));
    const loose = outcome.mismatches.filter((line) =>
      ![...owned].some((mismatch) => line.endsWith(`: ${mismatch}`))
    );
    for (const line of loose) {
      const at = line.lastIndexOf(": ");
      const name = (at > 0 ? line.slice(0, at) : "verification").replace(/^.* - /, "");
      cases.push({ group: group("?"), name, ms: 0, failure: at > 0 ? line.slice(at + 2) : line });
    }
    return cases;
  }
  const message = outcome instanceof Error ? outcome.message : String(outcome);
  return [{ group: PROVIDER_NAME, name: "verification", ms: 0, failure: message }];
}

/**
 * Reports a verification's outcome (its results, or the error it rejected
 * with): writes `reports/provider-verification.xml` and resolves to whether
 * the provider honours the pacts, and the summary to print.
 */
export function reportVerification(outcome: InteractionResult[] | unknown) {
  const cases = verificationCases(outcome);
  writeJUnit(repoPath("reports/provider-verification.xml"), "provider verification", cases);
  return {
    honoured: Array.isArray(outcome),
    text: summary("Provider verification (UserService)", cases),
  };
}

/**
 * The consumer half of the contract loop: OrderService's contract cases run
 * against the Pact mock server, and `pacts/` written afresh when every one
 * passed (`deno task pact`, the contract loop, the watch loop's consumer
 * runner).
 *
 * @module
 */
import { repoPath } from "../../tooling/repo.ts";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs OrderService's contract cases; writes `pacts/` when all pass. Resolves to whether they did. */
export async function consumerHalf(mark: (name: string) => void): Promise<boolean> {
  const { CONTRACT_CASES, ContractSession, PACT_DIR } = await import(
    "../pacts/cases/mod.ts"
  );
  mark("pact-js loaded");
  const { writeJUnit } = await import("../reports/junit.ts");
  const { summary } = await import("../reports/summary.ts");
  const session = new ContractSession(PACT_DIR, CONTRACT_CASES.length);
  for (const contractCase of CONTRACT_CASES) {
    await session.run(contractCase).catch(() => {}); // recorded in session.results
  }
  mark("consumer cases run");
  const outcome = session.finish();
  const cases = session.results.map((r) => ({
    group: "OrderService → UserService",
    name: r.name,
    ms: r.ms,
    ...(r.error !== undefined ? { failure: messageOf(r.error) } : {}),
  }));
  writeJUnit(repoPath("reports/consumer-contract.xml"), "consumer contract", cases);
  console.log(summary("Consumer contract (OrderService)", cases));
  console.log(
    "kept" in outcome
      ? `pacts/ left as it was: ${outcome.kept}`
      : `pacts/ written afresh: ${outcome.written.join(", ")}` +
        (outcome.removed.length > 0 ? `; removed ${outcome.removed.join(", ")}` : ""),
  );
  mark("pacts written");
  return !("kept" in outcome);
}

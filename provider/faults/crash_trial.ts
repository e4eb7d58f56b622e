import process from "node:process";
import type { ProviderProcess } from "../../tooling/server_process.ts";
import { inconsistencies, readDatabase, storedState, type UserState } from "./consistency.ts";
import { writeUntil } from "./workload.ts";

/** What one crash trial found. */
export interface CrashTrialResult {
  /** Writes acknowledged before the kill. */
  acknowledged: number;
  /** Writes sent. */
  sent: number;
  /** Users whose state is wrong afterwards, one line each; empty when nothing was lost. */
  problems: string[];
}

const same = (a: UserState | undefined, b: UserState | undefined) =>
  JSON.stringify(a ?? "deleted") === JSON.stringify(b ?? "deleted");

/**
 * One crash trial: starts UserService with `start`, writes to four users of
 * its own (ids `100 * trial + 1…4`) until a random number of writes (10–60) is
 * acknowledged, kills the process with SIGKILL, then reads `usersDb` directly.
 * A problem is a user whose row differs from its last event, or whose row is
 * neither the last acknowledged write nor the one in flight at the kill.
 */
export async function crashTrial(
  start: () => Promise<ProviderProcess>,
  options: { usersDb: string; token: string; trial: number },
): Promise<CrashTrialResult> {
  const { usersDb, token, trial } = options;
  const ids = [1, 2, 3, 4].map((n) => 100 * trial + n);
  const killAfter = 10 + Math.floor(Math.random() * 51);
  const provider = await start();
  let acknowledged = 0;
  const stop = new AbortController();
  try {
    const ledgers = await writeUntil(provider.url, token, ids, {
      label: `trial ${trial}`,
      signal: stop.signal,
      onAcknowledged() {
        if (++acknowledged === killAfter) process.kill(provider.pid, "SIGKILL");
      },
    });
    await provider.stop();
    const view = readDatabase(usersDb);
    const problems = inconsistencies(view).filter((line) =>
      ids.some((id) => line.startsWith(`user ${id}:`))
    );
    for (const [id, ledger] of ledgers) {
      const stored = storedState(view, id);
      if (!same(stored, ledger.acked) && !same(stored, ledger.inFlight)) {
        problems.push(
          `user ${id}: stored ${JSON.stringify(stored)}, acknowledged ${
            JSON.stringify(ledger.acked ?? "deleted")
          }, in flight ${JSON.stringify(ledger.inFlight ?? null)}`,
        );
      }
    }
    const sent = [...ledgers.values()].reduce((sum, ledger) => sum + ledger.sent, 0);
    return { acknowledged, sent, problems };
  } finally {
    stop.abort();
    await provider.stop();
  }
}

/**
 * Write workloads for fault trials against UserService processes: the client
 * side of the crash, lock and several-process tests and of
 * `bench/reliability.ts`. Each keeps a ledger of what the service
 * acknowledged, so that a trial can tell a lost write from one never made.
 *
 * @module
 */
import type { UserState } from "./consistency.ts";

/** What one user's writer knows after a run. */
export interface Ledger {
  /** The last state the service acknowledged (`undefined`: none yet). */
  acked: UserState | undefined;
  /** A state sent but not answered when the run ended (the connection died). */
  inFlight: UserState | undefined;
  /** Writes sent. */
  sent: number;
  /** Writes acknowledged (2xx, or 404 for a DELETE of a user already gone). */
  acknowledged: number;
  /** Writes refused with 503 (the service says nothing changed). */
  refused: number;
}

/** A PUT or DELETE of user `id` to the service at `base`; resolves to the status. */
export async function write(
  base: URL,
  token: string,
  id: number,
  state: UserState,
): Promise<number> {
  const response = await fetch(new URL(`/users/${id}`, base), {
    method: state === "deleted" ? "DELETE" : "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: state === "deleted" ? undefined : JSON.stringify(state),
  });
  await response.body?.cancel();
  return response.status;
}

/** The `n`th state a writer sends for user `id`: a new name, a delete every fifth time. */
export function nthState(label: string, id: number, n: number): UserState {
  return n % 5 === 4 ? "deleted" : { name: `${label} ${n}`, email: `user${id}@example.com` };
}

/**
 * Writes to each user in `ids` in its own sequential loop until `signal`
 * aborts or the service stops answering, and returns each user's ledger.
 */
export async function writeUntil(
  base: URL,
  token: string,
  ids: readonly number[],
  options: { label: string; signal: AbortSignal; onAcknowledged?: () => void },
): Promise<Map<number, Ledger>> {
  const ledgers = new Map<number, Ledger>();
  await Promise.all(ids.map(async (id) => {
    const ledger: Ledger = {
      acked: undefined,
      inFlight: undefined,
      sent: 0,
      acknowledged: 0,
      refused: 0,
    };
    ledgers.set(id, ledger);
    for (let n = 0; !options.signal.aborted; n++) {
      const state = nthState(options.label, id, n);
      ledger.inFlight = state;
      ledger.sent++;
      let status: number;
      try {
        status = await write(base, token, id, state);
      } catch {
        return; // the service is gone; what was in flight stays in flight
      }
      ledger.inFlight = undefined;
      if (status === 503) ledger.refused++;
      else if (status < 300 || (status === 404 && state === "deleted")) {
        ledger.acked = state;
        ledger.acknowledged++;
        options.onAcknowledged?.();
      } else throw new Error(`${state === "deleted" ? "DELETE" : "PUT"} answered ${status}`);
    }
  }));
  return ledgers;
}

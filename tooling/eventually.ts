import { setTimeout as delay } from "node:timers/promises";

/** Options of {@linkcode eventually}. */
export interface EventuallyOptions {
  /** Give up after this long; defaults to 10 000 ms. */
  ms?: number;
  /** Pause between two checks; defaults to 20 ms. */
  intervalMs?: number;
}

/**
 * Resolves once `condition` holds, checking it again after each pause; rejects
 * when it still does not hold at the deadline, saying `what` did not happen
 * (a function is asked then, to tell what it found instead).
 *
 * @example
 * ```ts
 * await eventually("the first event", async () => (await readStream(url)).length === 1);
 * ```
 */
export async function eventually(
  what: string | (() => string),
  condition: () => boolean | Promise<boolean>,
  options: EventuallyOptions = {},
): Promise<void> {
  const { ms = 10_000, intervalMs = 20 } = options;
  const deadline = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > deadline) {
      throw new Error(`not within ${ms} ms: ${typeof what === "string" ? what : what()}`);
    }
    await delay(intervalMs);
  }
}

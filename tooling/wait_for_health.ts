import { setTimeout as delay } from "node:timers/promises";
import { httpGet } from "./http_get.ts";

/** Options of {@linkcode waitForHealth}. */
export interface WaitForHealthOptions {
  /** Give up after this long; defaults to 10 000 ms. */
  timeoutMs?: number;
  /** Pause between two polls; defaults to 25 ms. */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the server process exits. */
  signal?: AbortSignal;
}

/**
 * Polls `url` (`http:`, or `http+unix:` for a Unix socket) until it answers
 * 2xx, within a deadline. Rejects with the last
 * failure as `cause` when the deadline passes or `signal` aborts.
 *
 * @example
 * ```ts
 * await waitForHealth(new URL("/health", server.url), { timeoutMs: 5000 });
 * ```
 */
export async function waitForHealth(url: URL, options: WaitForHealthOptions = {}): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 25 } = options;
  const deadline = AbortSignal.any([
    AbortSignal.timeout(timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ]);
  let lastFailure: unknown;
  while (!deadline.aborted) {
    try {
      const { status } = await httpGet(new URL("/", url), url.pathname + url.search, {
        signal: deadline,
        timeoutMs,
      });
      if (status >= 200 && status < 300) return;
      lastFailure = new Error(`"${url}" answered ${status}`);
    } catch (error) {
      lastFailure = error;
    }
    // At once when the deadline passes: the loop then ends.
    await delay(intervalMs, undefined, { signal: deadline }).catch(() => {});
  }
  const why = options.signal?.aborted ? "stopped waiting" : `not healthy within ${timeoutMs} ms`;
  throw new Error(`"${url}" ${why}`, { cause: lastFailure });
}

import { readFileSync } from "node:fs";

/**
 * How UserService bounds its connections, on every entry point, so that
 * idle, slow or too many clients cannot stop it or crowd out the others.
 */
export interface ConnectionLimits {
  /** A connection with no request in progress is closed after this long (`IDLE_TIMEOUT_MS`). */
  idleTimeoutMs: number;
  /**
   * A request must arrive in full (headers and body) and be answered within
   * this long of its first byte, or its connection is closed (`REQUEST_TIMEOUT_MS`).
   */
  requestTimeoutMs: number;
  /**
   * Open connections at most (`MAX_CONNECTIONS`): a new one beyond closes the
   * one quiet for the longest, preferring one with no request in progress.
   * Defaults to what the process's open-file limit allows.
   */
  maxConnections: number;
}

/** The defaults for the timeouts: 5 s idle, 10 s per request. */
export const DEFAULT_TIMEOUTS = Object.freeze({ idleTimeoutMs: 5_000, requestTimeoutMs: 10_000 });

/** File descriptors kept free for the database, standard streams and the runtime. */
const RESERVED_FILES = 64;

/**
 * The process's soft limit on open files (`ulimit -n`), read from
 * `/proc/self/limits`; `undefined` where there is no such file (not Linux).
 */
export function openFileLimit(read: (path: string) => string = readText): number | undefined {
  try {
    const line = read("/proc/self/limits").split("\n").find((l) => l.startsWith("Max open files"));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isSafeInteger(soft) && soft > 0 ? soft : undefined;
  } catch {
    return undefined;
  }
}

function readText(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * `given` completed with the defaults: the default timeouts, and as many
 * connections as the open-file limit allows when each takes `filesPerConnection`.
 */
export function resolveLimits(
  given: Partial<ConnectionLimits> = {},
  filesPerConnection: number,
): ConnectionLimits {
  return {
    ...DEFAULT_TIMEOUTS,
    maxConnections: maxConnectionsFor(openFileLimit(), filesPerConnection),
    ...given,
  };
}

/**
 * The most connections that fit under `fileLimit` when each one takes
 * `filesPerConnection` descriptors, keeping some free; 1000 when the limit is
 * unknown, at least 16.
 *
 * @example
 * ```ts
 * maxConnectionsFor(1024, 1); // 960
 * ```
 */
export function maxConnectionsFor(fileLimit: number | undefined, filesPerConnection: number) {
  if (fileLimit === undefined) return 1000;
  return Math.max(16, Math.floor((fileLimit - RESERVED_FILES) / filesPerConnection));
}

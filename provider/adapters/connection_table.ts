import type { ConnectionLimits } from "./connection_limits.ts";

/** Something the table can close: a socket, or a pair of them. */
export interface Closable {
  /** Closes the connection; called at most once by the table. */
  close(): void;
}

interface Entry {
  /** When bytes last moved, either way (or the connection opened). */
  lastActivity: number;
  /** When the request in progress started; `undefined` when there is none. */
  requestSince: number | undefined;
}

/** Why the table closed a connection. */
export type CloseReason = "idle" | "slow request" | "evicted";

/** Options of {@linkcode ConnectionTable}. */
export interface ConnectionTableOptions {
  /** The clock, in milliseconds; defaults to `performance.now`. */
  now?: () => number;
  /** Told about every connection the table closes. */
  onClose?: (reason: CloseReason) => void;
}

/**
 * The open connections of a server and the limits on them, whatever the
 * runtime: an adapter reports each connection's life (`open`, `requestStarted`,
 * `responded`, `closed`) and calls `sweep()` every so often; the
 * table closes what is idle or slow for too long, and makes room for a new
 * connection when there are too many.
 *
 * @example
 * ```ts
 * const table = new ConnectionTable({ idleTimeoutMs: 5000, requestTimeoutMs: 10000, maxConnections: 1000 });
 * table.open(socket); // socket.close() is called when it idles for 5 s
 * ```
 */
export class ConnectionTable<C extends Closable> {
  #limits: ConnectionLimits;
  #maxConnections: number;
  #now: () => number;
  #onClose: (reason: CloseReason) => void;
  // In order of last activity, least recent first: activity moves an entry to the end.
  #entries = new Map<C, Entry>();
  // The clock as of the last sweep: activity is stamped with it, which is
  // precise enough for timeouts checked at each sweep and saves reading the
  // clock for every chunk of every connection.
  #sweptAt: number;

  /** Creates an empty table with `limits`. */
  constructor(limits: ConnectionLimits, options: ConnectionTableOptions = {}) {
    this.#limits = limits;
    this.#maxConnections = limits.maxConnections;
    this.#now = options.now ?? (() => performance.now());
    this.#onClose = options.onClose ?? (() => {});
    this.#sweptAt = this.#now();
  }

  /** Open connections. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether a new connection would close another to make room. */
  get isFull(): boolean {
    return this.#entries.size >= this.#maxConnections;
  }

  /** How often {@linkcode sweep} should run for the timeouts to hold within a quarter. */
  get sweepIntervalMs(): number {
    const shortest = Math.min(this.#limits.idleTimeoutMs, this.#limits.requestTimeoutMs);
    return Math.min(1000, Math.max(25, Math.floor(shortest / 4)));
  }

  /** A new connection; when the table is full, first closes the quietest one. */
  open(connection: C): void {
    if (this.isFull) this.evictOne();
    this.#entries.set(connection, { lastActivity: this.#sweptAt, requestSince: undefined });
  }

  /** A request began arriving on `connection` (its first byte, or its headers), or more of it. */
  requestStarted(connection: C): void {
    const entry = this.#touch(connection);
    if (entry) entry.requestSince ??= this.#sweptAt;
  }

  /** The answer to the request in progress on `connection` began, or more of it went out. */
  responded(connection: C): void {
    const entry = this.#touch(connection);
    if (entry) entry.requestSince = undefined;
  }

  /** Marks `connection` active now: stamps it and moves it to the end of the order. */
  #touch(connection: C): Entry | undefined {
    const entry = this.#entries.get(connection);
    if (!entry) return undefined;
    entry.lastActivity = this.#sweptAt;
    this.#entries.delete(connection);
    this.#entries.set(connection, entry);
    return entry;
  }

  /** `connection` closed (by either side); forgets it. */
  closed(connection: C): void {
    this.#entries.delete(connection);
  }

  /**
   * Closes the connection quiet for the longest, preferring one with no
   * request in progress; answers whether there was one. For a full table,
   * and for a failed accept (too many open files).
   */
  evictOne(): boolean {
    let oldest: [C, number] | undefined; // in a request, by when it started
    for (const [connection, { requestSince }] of this.#entries) {
      if (requestSince === undefined) {
        // The first idle one in the order is the one quiet for the longest.
        this.#close(connection, "evicted");
        return true;
      }
      if (!oldest || requestSince < oldest[1]) oldest = [connection, requestSince];
    }
    if (!oldest) return false;
    this.#close(oldest[0], "evicted");
    return true;
  }

  /** The most open connections allowed. */
  get maxConnections(): number {
    return this.#maxConnections;
  }

  /**
   * Closes every connection idle beyond the idle timeout or in a request
   * beyond the request timeout: never before, and at most half the shorter
   * timeout after when `sweep()` runs every {@linkcode sweepIntervalMs}.
   */
  sweep(): void {
    const now = this.#sweptAt = this.#now();
    // Stamps are up to one interval old, so one interval is added: never early,
    // at most two intervals (half the shortest timeout) late.
    const slack = this.sweepIntervalMs;
    const { idleTimeoutMs, requestTimeoutMs } = this.#limits;
    for (const [connection, entry] of this.#entries) {
      if (entry.requestSince !== undefined) {
        if (now - entry.requestSince > requestTimeoutMs + slack) {
          this.#close(connection, "slow request");
        }
      } else if (now - entry.lastActivity > idleTimeoutMs + slack) this.#close(connection, "idle");
    }
  }

  /** Closes every connection with no request in progress (for a shutdown). */
  closeIdle(): void {
    for (const [connection, entry] of this.#entries) {
      if (entry.requestSince === undefined) this.#close(connection, "idle");
    }
  }

  #close(connection: C, reason: CloseReason): void {
    this.#entries.delete(connection);
    this.#onClose(reason);
    try {
      connection.close();
    } catch {
      // Already closed by the other side.
    }
  }
}

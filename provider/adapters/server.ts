import type { Handler } from "../service/app.ts";
import type { ConnectionLimits } from "./connection_limits.ts";

/** A running HTTP server, whatever the runtime underneath. */
export interface Server extends AsyncDisposable {
  /**
   * Where it listens, e.g. `http://127.0.0.1:41234/`, or for a Unix socket
   * `http+unix://%2Frun%2Fuser-service.sock/` (see {@linkcode describeAddress}).
   */
  readonly url: URL;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  shutdown(): Promise<void>;
}

/** Options of the `serve*` adapters. */
export interface ServeOptions {
  /** Interface to bind; defaults to `127.0.0.1`. */
  hostname?: string;
  /** Port to bind; defaults to `0`, a free one chosen by the system. */
  port?: number;
  /** A Unix socket to listen on instead of `hostname`:`port` (for a reverse proxy in front). */
  path?: string;
  /**
   * Bounds on connections; defaults to `DEFAULT_TIMEOUTS` and as many
   * connections as the open-file limit allows.
   */
  limits?: Partial<ConnectionLimits>;
}

/** A function that serves a {@linkcode Handler}: one per runtime. */
export type Serve = (handler: Handler, options?: ServeOptions) => Promise<Server>;

/** The port asked for is taken by another process. */
export class PortInUseError extends Error {
  /** The port that was asked for. */
  readonly port: number;

  /** Creates the error; the runtime's failure is the `cause`. */
  constructor(port: number, options?: ErrorOptions) {
    super(`PORT ${port} is taken`, options);
    this.name = "PortInUseError";
    this.port = port;
  }
}

/** `HOST` names no address of this machine, or cannot be listened on for another reason. */
export class HostUnusableError extends Error {
  /** The host that was asked for. */
  readonly hostname: string;

  /** Creates the error; the runtime's failure is the `cause`. */
  constructor(hostname: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(`HOST "${hostname}" cannot be listened on${reason}`, options);
    this.name = "HostUnusableError";
    this.hostname = hostname;
  }
}

/**
 * The URL to reach a server bound to `hostname`:`port`: an IPv6 address in
 * brackets, and for the wildcard addresses (`0.0.0.0`, `::`) the loopback
 * address of the same family, which a client on this machine can use.
 *
 * @example
 * ```ts
 * listeningUrl("::", 8000).href; // "http://[::1]:8000/"
 * ```
 */
export function listeningUrl(hostname: string, port: number): URL {
  const host = hostname === "0.0.0.0" ? "127.0.0.1" : hostname === "::" ? "::1" : hostname;
  return new URL(`http://${host.includes(":") ? `[${host}]` : host}:${port}/`);
}

/** A URL that names a Unix socket: `http+unix://<percent-encoded path>/`. */
export function socketUrl(path: string): URL {
  return new URL(`http+unix://${encodeURIComponent(path)}/`);
}

/**
 * Where a server listens, for people: its origin (`http://127.0.0.1:8000`),
 * or `unix:<path>` for a Unix socket.
 */
export function describeAddress(url: URL): string {
  return url.protocol === "http+unix:" ? `unix:${decodeURIComponent(url.hostname)}` : url.origin;
}

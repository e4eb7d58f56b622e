import type { Handler } from "./app.ts";

/** A running HTTP server, whatever the runtime underneath. */
export interface Server extends AsyncDisposable {
  /** Where it listens, e.g. `http://127.0.0.1:41234/`. */
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

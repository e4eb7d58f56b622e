import type { Handler } from "../service/app.ts";
import { resolveLimits } from "./connection_limits.ts";
import { type Closable, ConnectionTable } from "./connection_table.ts";
import {
  HostUnusableError,
  listeningUrl,
  PortInUseError,
  type ServeOptions,
  type Server,
} from "./server.ts";

// Each client connection holds three descriptors: the client's socket, the
// relay's socket to the inner server, and the inner server's end of it.
const FILES_PER_CONNECTION = 3;
const BUFFER_BYTES = 16 * 1024;

/** A client connection and the relay's connection to the inner server, closed together. */
class RelayedConnection implements Closable {
  readonly client: Deno.Conn;
  upstream: Deno.Conn | undefined;

  constructor(client: Deno.Conn) {
    this.client = client;
  }

  close(): void {
    for (const conn of [this.client, this.upstream]) {
      try {
        conn?.close();
      } catch {
        // Already closed.
      }
    }
  }
}

/** Writes all of `bytes` to `to`. */
async function writeAll(to: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await to.write(bytes.subarray(written));
  }
}

/**
 * Copies `from` to `to` until `from` ends, then half-closes `to`; calls
 * `onData` for each chunk. Resolves either way: a side that closed or reset
 * ends the relay, which then closes both.
 */
async function pump(from: Deno.Conn, to: Deno.Conn, onData: () => void): Promise<void> {
  const buffer = new Uint8Array(BUFFER_BYTES);
  try {
    for (let read = await from.read(buffer); read !== null; read = await from.read(buffer)) {
      onData();
      await writeAll(to, buffer.subarray(0, read));
    }
    await to.closeWrite();
  } catch {
    // Closed or reset.
  }
}

/**
 * Serves `handler` with `Deno.serve`, behind a connection guard that
 * `Deno.serve` lacks: it has no idle or header timeout, and a failed accept
 * (too many open files) ends its accept loop for good. So this adapter
 * accepts the TCP connections itself (`Deno.listen`) and applies
 * the `ConnectionLimits` to each: idle and slow connections are closed,
 * the quietest one is closed to make room, and a failed accept is retried.
 * A connection's bytes are relayed, from its first byte on (an idle
 * connection costs one descriptor), to `Deno.serve` on a port of its own on
 * 127.0.0.1. (A Unix socket would save a little, but Deno grants those only by
 * exact path, and the tests run with `--allow-net` limited to loopback.) Should that inner server fail all the same, a new
 * one takes over. Resolves once the socket is bound; a taken port rejects
 * with {@linkcode PortInUseError}, an address that cannot be bound with
 * {@linkcode HostUnusableError}.
 *
 * @example
 * ```ts
 * await using server = await serveDeno(app);
 * await fetch(new URL("/health", server.url));
 * ```
 */
// deno-lint-ignore require-await -- async so that a failure to bind is a rejection, as `Serve` promises
export async function serveDeno(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  const { hostname = "127.0.0.1", port = 0 } = options;
  const limits = resolveLimits(options.limits, FILES_PER_CONNECTION);
  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname, port });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) throw new PortInUseError(port, { cause: error });
    throw new HostUnusableError(hostname, { cause: error });
  }
  const table = new ConnectionTable<RelayedConnection>(limits);
  let stopping = false;
  // The inner server, replaced should its accept loop fail (it cannot be told to go on).
  let inner: Deno.HttpServer<Deno.NetAddr> | undefined;
  function startInner(): void {
    try {
      const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
      inner = server;
      server.finished.catch((error) => {
        if (stopping) return;
        console.error(`UserService: HTTP server restarted after: ${error?.message ?? error}`);
        table.outOfFiles();
        startInner();
      });
    } catch {
      // No descriptor for its socket: the next connection tries again.
      inner = undefined;
      table.outOfFiles();
    }
  }
  startInner();

  const sweeper = setInterval(() => table.sweep(), table.sweepIntervalMs);
  const relays = new Set<Promise<void>>();

  /** A connection to the inner server; on "too many open files", makes room and tries once more. */
  async function connectInner(): Promise<Deno.Conn> {
    for (let attempt = 0;; attempt++) {
      try {
        if (!inner) startInner();
        const conn = await Deno.connect({ hostname: "127.0.0.1", port: inner!.addr.port });
        conn.setNoDelay(true);
        return conn;
      } catch (error) {
        if (attempt > 0) throw error;
        table.outOfFiles();
      }
    }
  }

  async function relay(connection: RelayedConnection): Promise<void> {
    const { client } = connection;
    try {
      // Nothing reaches the inner server before the client's first byte.
      const first = new Uint8Array(BUFFER_BYTES);
      const read = await client.read(first);
      if (read === null) return;
      table.requestStarted(connection);
      connection.upstream = await connectInner();
      await writeAll(connection.upstream, first.subarray(0, read));
      await Promise.all([
        pump(client, connection.upstream, () => table.requestStarted(connection)),
        pump(connection.upstream, client, () => table.responded(connection)),
      ]);
    } catch {
      // Closed, reset, or no descriptor left for the inner connection: this client is dropped.
    } finally {
      table.closed(connection);
      connection.close();
    }
  }

  async function accept(): Promise<void> {
    let fullAccepts = 0;
    for (let pauseMs = 1; !stopping;) {
      let client: Deno.TcpConn;
      try {
        client = await listener.accept();
        pauseMs = 1;
      } catch {
        if (stopping) return;
        // Too many open files, say: make room, wait a moment, go on.
        table.outOfFiles();
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        pauseMs = Math.min(pauseMs * 2, 100);
        continue;
      }
      client.setNoDelay(true);
      // Full, and every 16th accept: let the connections accepted just before read their
      // first bytes (which takes them out of the idle ones) before the quietest is closed.
      if (table.isFull && ++fullAccepts % 16 === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const connection = new RelayedConnection(client);
      table.open(connection);
      const running = relay(connection);
      relays.add(running);
      void running.finally(() => relays.delete(running));
    }
  }

  const accepting = accept();
  const { promise: finished, resolve: finish } = Promise.withResolvers<void>();
  let stopped: Promise<void> | undefined;
  function shutdown(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      listener.close();
      await accepting;
      table.closeIdle();
      await inner?.shutdown().catch(() => {}); // in-flight requests are answered first
      await Promise.all(relays);
      clearInterval(sweeper);
      finish();
    })();
    return stopped;
  }
  return {
    url: listeningUrl(hostname, listener.addr.port),
    finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

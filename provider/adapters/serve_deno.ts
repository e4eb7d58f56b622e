import { setTimeout as delay } from "node:timers/promises";
import type { Handler } from "../service/app.ts";
import {
  HostUnusableError,
  listeningUrl,
  PortInUseError,
  type ServeOptions,
  type Server,
  socketUrl,
} from "./server.ts";
import { messageOf } from "../service/error_message.ts";

/** The longest pause before listening again after a failed accept. */
const MAX_PAUSE_MS = 1000;

type Listening = Deno.HttpServer<Deno.NetAddr | Deno.UnixAddr>;

/**
 * Serves `handler` with `Deno.serve`, on `hostname`:`port` or, with `path`,
 * on a Unix socket at that path (for a reverse proxy in front: then no TCP
 * port is open at all).
 *
 * `Deno.serve` has no bound on idle or slow connections, and no connection
 * limit (see `docs/deno-server.md`): on a network you do not trust, put the
 * tested reverse-proxy configuration (`nginx.ts`) in front. What this adapter
 * adds is that a failed accept is not fatal: `Deno.serve` ends its accept
 * loop for good on one ("too many open files"), so the adapter listens again
 * on the same address, after a pause that doubles up to 1 s while it still
 * cannot. Resolves once the socket is bound; a taken port rejects with
 * {@linkcode PortInUseError}, an address that cannot be bound with
 * {@linkcode HostUnusableError}.
 *
 * @example
 * ```ts
 * await using server = await serveDeno(app);
 * await fetch(new URL("/health", server.url));
 * ```
 */
export async function serveDeno(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  const { hostname = "127.0.0.1", path } = options;
  let port = options.port ?? 0;
  let stopping = false;
  const { promise: finished, resolve: finish } = Promise.withResolvers<void>();

  function listen(): Listening {
    const common = { handler, onListen() {} };
    return path === undefined
      ? Deno.serve({ ...common, hostname, port })
      : Deno.serve({ ...common, path });
  }

  if (path !== undefined) await removeIfStale(path);
  let current: Listening;
  try {
    current = listen();
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw path === undefined
        ? new PortInUseError(port, { cause: error })
        : new HostUnusableError(path, { cause: error });
    }
    throw new HostUnusableError(path ?? hostname, { cause: error });
  }
  if (path === undefined) port = (current.addr as Deno.NetAddr).port; // the same port each time

  /** Serves until stopped, listening again whenever the accept loop dies. */
  async function keepServing(): Promise<void> {
    for (let pauseMs = 10;;) {
      try {
        await current.finished;
        return; // shut down
      } catch (error) {
        if (stopping) return;
        console.error(
          `UserService: accepting failed (${messageOf(error)}); listening again`,
        );
      }
      for (;;) {
        await delay(pauseMs);
        if (stopping) return;
        try {
          if (path !== undefined) removeStaleSocket(path);
          current = listen();
          pauseMs = 10;
          break;
        } catch {
          pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS); // still no descriptor to spare
        }
      }
    }
  }
  void keepServing().then(() => finish());

  let stopped: Promise<void> | undefined;
  function shutdown(): Promise<void> {
    stopped ??= (async () => {
      stopping = true; // no listening again from here on
      await current.shutdown().catch(() => {}); // in-flight requests are answered first
      await finished;
    })();
    return stopped;
  }
  return {
    url: path === undefined ? listeningUrl(hostname, port) : socketUrl(path),
    finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

/**
 * Removes a socket file at `path` that no server answers on any more (a
 * process killed before it could remove it); leaves a live one alone.
 */
async function removeIfStale(path: string): Promise<void> {
  try {
    if (!Deno.lstatSync(path).isSocket) return;
  } catch {
    return; // Not there.
  }
  try {
    (await Deno.connect({ transport: "unix", path })).close();
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionRefused) Deno.removeSync(path);
  }
}

/** Removes the socket file a dead accept loop left behind, so that listening again can bind it. */
function removeStaleSocket(path: string): void {
  try {
    if (Deno.lstatSync(path).isSocket) Deno.removeSync(path);
  } catch {
    // Not there.
  }
}

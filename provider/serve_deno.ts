import type { Handler } from "./app.ts";
import {
  HostUnusableError,
  listeningUrl,
  PortInUseError,
  type ServeOptions,
  type Server,
} from "./server.ts";

/**
 * Serves `handler` with `Deno.serve`; resolves once the socket is bound.
 * A taken port rejects with {@linkcode PortInUseError}.
 *
 * @example
 * ```ts
 * await using server = await serveDeno(app);
 * await fetch(new URL("/health", server.url));
 * ```
 */
export function serveDeno(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  const { hostname = "127.0.0.1", port = 0 } = options;
  // The executor turns a synchronous throw of Deno.serve into a rejection.
  return new Promise((resolve) => {
    let httpServer: Deno.HttpServer<Deno.NetAddr>;
    try {
      httpServer = Deno.serve({ hostname, port, onListen() {} }, handler);
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) throw new PortInUseError(port, { cause: error });
      throw new HostUnusableError(hostname, { cause: error });
    }
    const shutdown = () => httpServer.shutdown();
    resolve({
      url: listeningUrl(hostname, httpServer.addr.port),
      finished: httpServer.finished,
      shutdown,
      [Symbol.asyncDispose]: shutdown,
    });
  });
}

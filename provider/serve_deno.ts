import type { Handler } from "./app.ts";
import type { ServeOptions, Server } from "./server.ts";

/**
 * Serves `handler` with `Deno.serve`; resolves once the socket is bound.
 *
 * @example
 * ```ts
 * await using server = await serveDeno(app);
 * await fetch(new URL("/health", server.url));
 * ```
 */
export function serveDeno(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  const { hostname = "127.0.0.1", port = 0 } = options;
  const httpServer = Deno.serve({ hostname, port, onListen() {} }, handler);
  const url = new URL(`http://${hostname}:${httpServer.addr.port}/`);
  const shutdown = () => httpServer.shutdown();
  return Promise.resolve({
    url,
    finished: httpServer.finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  });
}

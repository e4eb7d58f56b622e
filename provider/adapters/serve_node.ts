import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import type { Handler } from "../service/app.ts";
import { resolveLimits } from "./connection_limits.ts";
import { type Closable, ConnectionTable } from "./connection_table.ts";
import {
  HostUnusableError,
  listeningUrl,
  PortInUseError,
  type ServeOptions,
  type Server,
  socketUrl,
} from "./server.ts";

/** Methods fetch's `Request` refuses to hold (the Fetch standard's forbidden methods). */
const FORBIDDEN_BY_FETCH = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The method name a handler gets for a method fetch's `Request` cannot hold:
 * one no handler serves, so it answers as for any method it does not allow
 * (405 with `Allow`), as `Deno.serve`'s handler does for the real name.
 */
export const UNSUPPORTED_METHOD = "X-UNSUPPORTED-METHOD";

/**
 * The web `Request` for an express request: method, URL with query, headers,
 * and the body as a stream. The URL's origin is the server's own, never the
 * client's `Host` header. A method fetch forbids (TRACE, TRACK, CONNECT)
 * arrives as {@linkcode UNSUPPORTED_METHOD}. Throws a `TypeError` for a
 * request target that is not a path (`*`, an absolute URL).
 */
export function toWebRequest(req: ExpressRequest, origin: string, signal?: AbortSignal): Request {
  if (!req.originalUrl.startsWith("/")) {
    throw new TypeError(`Request target must be a path, got "${req.originalUrl}"`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(origin + req.originalUrl, {
    method: FORBIDDEN_BY_FETCH.has(req.method) ? UNSUPPORTED_METHOD : req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) as ReadableStream<Uint8Array> : undefined,
    signal,
    // Node's fetch needs this for a streamed request body.
    duplex: "half",
  } as RequestInit);
}

/** Writes a web `Response` to express: status, headers (every `Set-Cookie`), body, at once. */
export async function sendWebResponse(response: Response, res: ExpressResponse): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // UserService answers small JSON documents: read whole and written at once, which is
  // several times cheaper per request than piping a web stream into express.
  res.end(Buffer.from(await response.arrayBuffer()));
}

const BAD_REQUEST = JSON.stringify({ error: "Bad request" });
const HEADERS_TOO_LARGE = JSON.stringify({ error: "Request headers too large" });

/** Answers a request that Node's HTTP parser refused with a JSON 4xx, then closes. */
function refuseMalformed(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const body = tooLarge ? HEADERS_TOO_LARGE : BAD_REQUEST;
  socket.end(
    `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves `handler` with express 5 on Node's HTTP server: a thin bridge from
 * express's request and response to web `Request` and `Response`. Resolves
 * once the socket is bound; a taken port rejects with
 * {@linkcode PortInUseError}. Works on Node and, through npm, on Deno.
 *
 * @example
 * ```ts
 * await using server = await serveNode(app);
 * await fetch(new URL("/health", server.url));
 * ```
 */
export function serveNode(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  const { hostname = "127.0.0.1", port = 0, path } = options;
  let origin = "";
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(async (req, res) => {
    const aborted = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    let request: Request;
    try {
      request = toWebRequest(req, origin, aborted.signal);
    } catch {
      res.status(400).json({ error: "Bad request" });
      return;
    }
    try {
      await sendWebResponse(await handler(request), res);
    } catch (error) {
      if (!res.headersSent) res.status(503).json({ error: "Service unavailable" });
      else res.destroy(error as Error);
    }
  });
  const httpServer = createServer(app);
  httpServer.on("clientError", refuseMalformed);
  // The same connection bounds as serveDeno; Node's own timeouts stay as a backstop.
  // Without byte counts, a request here starts when its headers are complete:
  // a client still sending headers counts as idle, so it gets the shorter bound.
  const table = new ConnectionTable<Closable>(resolveLimits(options.limits, 1));
  const sweeper = setInterval(() => table.sweep(), table.sweepIntervalMs);
  const tracked = new WeakMap<Socket, Closable>();
  let stopping = false;
  httpServer.on("connection", (socket: Socket) => {
    const connection = { close: () => socket.destroy() };
    tracked.set(socket, connection);
    table.open(connection);
    socket.once("close", () => table.closed(connection));
  });
  httpServer.on("request", (req, res) => {
    const connection = tracked.get(req.socket);
    if (!connection) return;
    table.requestStarted(connection);
    if (stopping) res.setHeader("Connection", "close");
    res.once("close", () => {
      table.responded(connection);
      if (stopping) req.socket.destroySoon();
    });
  });
  const finished = new Promise<void>((resolve) => httpServer.once("close", resolve));
  void finished.then(() => clearInterval(sweeper));
  // One stop for every caller: each call resolves once in-flight requests are answered.
  let stopped: Promise<void> | undefined;
  function shutdown(): Promise<void> {
    stopped ??= new Promise((resolve) => {
      if (!httpServer.listening) return resolve();
      stopping = true;
      httpServer.close(() => resolve());
      table.closeIdle();
    });
    return stopped;
  }
  return new Promise((resolve, reject) => {
    httpServer.once("error", (error: Error & { code?: string }) => {
      clearInterval(sweeper);
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(port, { cause: error })
          : new HostUnusableError(hostname, { cause: error }),
      );
    });
    const onListening = () => {
      const url = path === undefined
        ? listeningUrl(hostname, (httpServer.address() as { port: number }).port)
        : socketUrl(path);
      // A Request needs an http(s) origin; behind a Unix socket the host is the proxy's business.
      origin = path === undefined ? url.origin : "http://localhost";
      resolve({ url, finished, shutdown, [Symbol.asyncDispose]: shutdown });
    };
    if (path === undefined) httpServer.listen(port, hostname, onListening);
    else httpServer.listen(path, onListening);
  });
}

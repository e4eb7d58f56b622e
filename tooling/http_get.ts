import { request } from "node:http";

/** The status and body of an answer. */
export interface Answer {
  status: number;
  body: string;
}

/**
 * GETs `path` from the server at `base`: an `http:` URL, or an `http+unix:`
 * URL naming a Unix socket (`http+unix://%2Frun%2Fapp.sock/`), which `fetch`
 * cannot reach on every runtime. Rejects when no answer arrives within
 * `timeoutMs` (default 3000) or `signal` aborts.
 *
 * @example
 * ```ts
 * const { status } = await httpGet(server.url, "/health");
 * ```
 */
export function httpGet(
  base: URL,
  path: string,
  options: { timeoutMs?: number; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs ?? 3000),
    ...(options.signal ? [options.signal] : []),
  ]);
  if (base.protocol !== "http+unix:") {
    return fetch(new URL(path, base), { signal, headers: options.headers }).then(async (
      response,
    ) => ({
      status: response.status,
      body: await response.text(),
    }));
  }
  return new Promise((resolve, reject) => {
    const socketPath = decodeURIComponent(base.hostname);
    const sent = request({ socketPath, path, signal, headers: options.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => body += chunk);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    sent.on("error", reject);
    sent.end();
  });
}

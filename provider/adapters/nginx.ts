/**
 * The reverse-proxy configuration that puts the bounds `Deno.serve` lacks in
 * front of the Deno provider: nginx closes idle connections and requests
 * whose headers arrive too slowly, drops the idle ones first when it runs out
 * of connections, survives a failed accept, and hands every request to
 * UserService on a Unix socket (no TCP port of UserService's own, so nothing
 * bypasses it). A request body is streamed to UserService, which answers 408
 * when it does not arrive in full within the request timeout; nginx then
 * closes that connection at once. Tested: `provider/faults/`
 * runs every hostile-client trial against the Deno provider behind it.
 *
 * `deno task nginx:config` prints it for the environment's settings.
 *
 * @module
 */

/** Options of {@linkcode nginxConfig}. */
export interface NginxOptions {
  /** Where nginx listens: `8000`, `0.0.0.0:80`, `unix:/run/nginx/user-service.sock`. */
  listen: string;
  /** UserService's Unix socket (its `UNIX_SOCKET`). */
  upstreamSocket: string;
  /** A connection with no request in progress is closed after this long. */
  idleTimeoutMs: number;
  /** Headers must arrive, and UserService must answer, within this long. */
  requestTimeoutMs: number;
  /** Connections at most per worker (nginx closes idle ones first when full); default 4096. */
  maxConnections?: number;
  /** Open files at most per worker (`worker_rlimit_nofile`); default: the system's. */
  fileLimit?: number;
  /** Workers; default `auto` (one per core). */
  workers?: number | "auto";
  /**
   * A folder for nginx's pid file, error log and temporary files, for an
   * nginx of its own (`nginx -p <folder> -c nginx.conf`); default: the
   * system's (`/run/nginx.pid`, `/var/log/nginx/error.log`).
   */
  prefix?: string;
  /** The user its workers run as (`user`); default: nginx's. */
  user?: string;
}

/** A duration for nginx, which takes milliseconds as `<n>ms`. */
const ms = (value: number) => `${Math.max(1, Math.round(value))}ms`;

/** A JSON error nginx answers itself, so that every answer stays `{"error": …}`. */
function jsonError(status: number, message: string): string {
  return [
    `    location = /_nginx_${status}.json {`,
    `      internal;`,
    `      default_type application/json;`,
    `      return ${status} '${JSON.stringify({ error: message })}';`,
    `    }`,
  ].join("\n");
}

/**
 * A complete `nginx.conf` for UserService behind nginx.
 *
 * @example
 * ```ts
 * nginxConfig({
 *   listen: "8000",
 *   upstreamSocket: "/run/user-service/http.sock",
 *   idleTimeoutMs: 5000,
 *   requestTimeoutMs: 10000,
 * });
 * ```
 */
export function nginxConfig(options: NginxOptions): string {
  const { prefix } = options;
  const idle = ms(options.idleTimeoutMs);
  const request = ms(options.requestTimeoutMs);
  const errors: [number, string][] = [
    [400, "Bad request"],
    [408, "Request not received in time"],
    [413, "Body must be at most 16384 bytes"],
    [414, "Request target too long"],
    [431, "Request headers too large"],
    [494, "Request headers too large"],
    [502, "User service unavailable"],
    [504, "User service did not answer in time"],
  ];
  return [
    ...(options.user ? [`user ${options.user};`] : []),
    `worker_processes ${options.workers ?? "auto"};`,
    ...(options.fileLimit ? [`worker_rlimit_nofile ${options.fileLimit};`] : []),
    ...(prefix ? [`pid ${prefix}/nginx.pid;`, `error_log ${prefix}/error.log warn;`] : []),
    `events {`,
    // When they are all taken, nginx closes idle ("reusable") connections to make room.
    `  worker_connections ${options.maxConnections ?? 4096};`,
    `}`,
    `http {`,
    `  access_log off;`,
    ...(prefix
      ? ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) =>
        `  ${kind}_temp_path ${prefix}/${kind}_temp;`
      )
      : []),
    `  server_tokens off;`,
    `  # The bounds Deno.serve does not have: idle connections, slow headers, slow answers.`,
    `  client_header_timeout ${request};`,
    `  keepalive_timeout ${idle};`,
    `  send_timeout ${request};`,
    `  client_body_timeout ${request};`,
    `  reset_timedout_connection on;`,
    `  # A body UserService answered before it arrived (408, 413) is not waited for.`,
    `  lingering_close off;`,
    `  client_max_body_size 16k;`,
    `  large_client_header_buffers 4 16k;`,
    `  upstream user_service {`,
    `    server unix:${options.upstreamSocket};`,
    `    keepalive 64;`,
    `  }`,
    `  server {`,
    `    listen ${options.listen};`,
    ...errors.map(([status]) => `    error_page ${status} /_nginx_${status}.json;`),
    ...errors.map(([status, message]) => jsonError(status, message)),
    `    location / {`,
    `      proxy_pass http://user_service;`,
    `      proxy_http_version 1.1;`,
    `      proxy_set_header Connection "";`,
    `      proxy_set_header Host $host;`,
    `      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
    `      # Streamed: UserService bounds the time a body takes, and answers 408.`,
    `      proxy_request_buffering off;`,
    `      proxy_read_timeout ${request};`,
    `      proxy_send_timeout ${request};`,
    `    }`,
    `  }`,
    `}`,
    ``,
  ].join("\n");
}

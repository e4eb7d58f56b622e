import { execFile } from "node:child_process";

/** What the benchmarks read from a wrk run. */
export interface WrkResult {
  /** Requests per second. */
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  /** Answers that were not 2xx or 3xx, and socket errors. */
  non2xx: number;
  errors: number;
}

/** Options of {@linkcode wrk}. */
export interface WrkOptions {
  /** Seconds to run. */
  seconds: number;
  /** Concurrent connections; default 32. */
  connections?: number;
  /** wrk threads; default 1 (the server gets the other core). */
  threads?: number;
  /** Request headers. */
  headers?: Record<string, string>;
  /** A Lua script that makes each request (method, path, body). */
  script?: string;
}

function ms(value: string, unit: string): number {
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
}

/**
 * Loads `url` with wrk (Debian's package `wrk`: a load generator written in C
 * that is not the bottleneck here, where autocannon saturates first) and
 * reads its report. Rejects with a one-line reason when wrk is not installed.
 */
export function wrk(url: URL, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections ?? 32}`,
    `-d${options.seconds}s`,
    "--latency",
    ...(options.script ? ["-s", options.script] : []),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
      "-H",
      `${name}: ${value}`,
    ]),
    url.href,
  ];
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { encoding: "utf8" }, (error, stdout) => {
      if (error && (error as { code?: string }).code === "ENOENT") {
        return reject(new Error("wrk is not installed: apt-get install wrk"));
      }
      if (error) return reject(error);
      const latency = (p: string) => {
        const match = new RegExp(`^\\s+${p}%\\s+([0-9.]+)(us|ms|s)$`, "m").exec(stdout);
        return match ? ms(match[1], match[2]) : Number.NaN;
      };
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
        .exec(stdout)?.slice(1).reduce((sum, n) => sum + Number(n), 0) ?? 0;
      resolve({
        rps: Number(/Requests\/sec:\s+([0-9.]+)/.exec(stdout)?.[1] ?? Number.NaN),
        p50: latency("50"),
        p99: latency("99"),
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
        errors,
      });
    });
  });
}

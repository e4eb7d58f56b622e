import { createRequire } from "node:module";

/** What the benchmarks read from an autocannon run. */
export interface LoadResult {
  /** Mean requests per second. */
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  /** Requests answered, answered with a non-2xx status, and failed outright. */
  requests: number;
  non2xx: number;
  errors: number;
}

/** Options of {@linkcode load}. */
export interface LoadOptions {
  /** Seconds to run; the run is bounded by it. */
  seconds: number;
  /** Concurrent connections; default 32. */
  connections?: number;
  /** Request headers. */
  headers?: Record<string, string>;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

// autocannon is CommonJS without types.
const autocannon = createRequire(import.meta.url)("autocannon") as (
  options: Record<string, unknown>,
) => Promise<AutocannonResult>;

/** GETs `url` under load from this process (autocannon) for `options.seconds`. */
export async function load(url: URL, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: url.href,
    connections: options.connections ?? 32,
    duration: options.seconds,
    headers: options.headers ?? {},
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

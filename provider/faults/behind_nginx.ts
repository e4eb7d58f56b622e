/**
 * UserService as it runs on a network it cannot trust: the provider on a Unix
 * socket in a private folder, and nginx in front with the configuration of
 * `provider/adapters/nginx.ts`, listening on a Unix socket of its own (nginx
 * cannot be told to pick a free TCP port, and a test must not guess one).
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import type { Command } from "../../tooling/runtime.ts";
import { type ProviderProcess, startProviderProcess } from "../../tooling/server_process.ts";
import { waitForHealth } from "../../tooling/wait_for_health.ts";
import { DEFAULT_TIMEOUTS } from "../adapters/connection_limits.ts";
import { nginxConfig } from "../adapters/nginx.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** nginx is not installed: the trials that need it cannot run. */
export class NginxMissingError extends Error {
  /** Creates the error. */
  constructor() {
    super(
      "nginx is not installed (apt-get install nginx): the Deno provider's hostile-client " +
        "trials run behind it",
    );
    this.name = "NginxMissingError";
  }
}

/** Options of {@linkcode startBehindNginx}. */
export interface BehindNginxOptions {
  /** The provider's environment (its `UNIX_SOCKET` is set here). */
  env: Record<string, string>;
  /** nginx's open files per worker (`worker_rlimit_nofile`). */
  fileLimit?: number;
  /**
   * A TCP address for nginx (`127.0.0.1:8080`), for a load generator that
   * cannot reach a Unix socket; default: a Unix socket in the private folder.
   */
  listen?: string;
  /** nginx workers; default 1. */
  workers?: number | "auto";
}

function nginxInstalled(): boolean {
  return spawnSync("nginx", ["-v"], { stdio: "ignore" }).status === 0;
}

async function stopNginx(nginx: ChildProcess): Promise<void> {
  if (nginx.exitCode !== null || nginx.signalCode !== null) return;
  process.kill(nginx.pid!, "SIGTERM");
  await once(nginx, "exit");
}

/**
 * Starts `entry` on a Unix socket with nginx in front; the result's `url` is
 * nginx's socket (`http+unix:`), its `pid` the provider's, and `stop()`
 * stops both. Rejects with {@linkcode NginxMissingError} without nginx.
 */
export async function startBehindNginx(
  entry: Command,
  options: BehindNginxOptions,
): Promise<ProviderProcess> {
  if (!nginxInstalled()) throw new NginxMissingError();
  const dirTemp = temporaryDir("user-service-nginx-"); // private: mode 0700
  const dir = dirTemp.path;
  const upstreamSocket = join(dir, "user-service.sock");
  const socket = join(dir, "nginx.sock");
  const listen = options.listen ?? `unix:${socket}`;
  let provider: ProviderProcess | undefined;
  let nginx: ChildProcess | undefined;
  const stop = async () => {
    if (nginx) await stopNginx(nginx);
    const code = await provider?.stop() ?? null;
    dirTemp.remove();
    return code;
  };
  try {
    provider = await startProviderProcess(entry.command, {
      args: entry.args,
      env: { ...options.env, UNIX_SOCKET: upstreamSocket },
      onLine: () => {},
    });
    const number = (name: string, fallback: number) => Number(options.env[name] ?? fallback);
    const config = nginxConfig({
      listen,
      upstreamSocket,
      idleTimeoutMs: number("IDLE_TIMEOUT_MS", DEFAULT_TIMEOUTS.idleTimeoutMs),
      requestTimeoutMs: number("REQUEST_TIMEOUT_MS", DEFAULT_TIMEOUTS.requestTimeoutMs),
      maxConnections: options.env.MAX_CONNECTIONS ? Number(options.env.MAX_CONNECTIONS) : undefined,
      fileLimit: options.fileLimit,
      workers: options.workers ?? 1,
      prefix: dir,
      // As root, nginx would hand its workers to "nobody", who may not enter the private folder.
      ...(process.getuid?.() === 0 ? { user: "root" } : {}),
    });
    const path = join(dir, "nginx.conf");
    writeFileSync(path, config);
    nginx = spawn("nginx", ["-p", dir, "-c", path, "-g", "daemon off;"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const url = options.listen
      ? new URL(`http://${options.listen}/`)
      : new URL(`http+unix://${encodeURIComponent(socket)}/`);
    const gone = new AbortController();
    void once(nginx, "exit").then(() => gone.abort());
    await waitForHealth(new URL("/health", url), { timeoutMs: 10_000, signal: gone.signal });
    return { url, pid: provider.pid, stop, [Symbol.asyncDispose]: async () => void await stop() };
  } catch (error) {
    await stop();
    throw error;
  }
}

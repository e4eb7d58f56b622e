import { withDeadline } from "./deadline.ts";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { createInterface } from "node:readline";
import { waitForHealth } from "./wait_for_health.ts";

/** A provider running as its own process. */
export interface ProviderProcess extends AsyncDisposable {
  /** Where it listens, read from its `listening on` line. */
  readonly url: URL;
  /** Its process id. */
  readonly pid: number;
  /** Sends SIGTERM (SIGKILL after `stopTimeoutMs`); resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Options of {@linkcode startProviderProcess}. */
export interface StartProviderProcessOptions {
  /** Arguments of `command`. */
  args?: string[];
  /** Environment added to this process's own. */
  env?: Record<string, string>;
  /** Deadline for listening and answering `/health`; defaults to 10 000 ms. */
  timeoutMs?: number;
  /** How long `stop()` waits for a graceful exit; defaults to 5000 ms. */
  stopTimeoutMs?: number;
  /** Receives each line the child prints; defaults to printing it with a `[provider]` prefix. */
  onLine?: (line: string) => void;
}

const LISTENING = /listening on (http:\/\/\S+|unix:\S+)/i;

/** The URL of an address a server prints: `http://…`, or `unix:<path>` as `http+unix:`. */
function addressUrl(printed: string): URL {
  if (!printed.startsWith("unix:")) return new URL(printed);
  return new URL(`http+unix://${encodeURIComponent(printed.slice("unix:".length))}/`);
}

/**
 * Starts `command` (a UserService entry point told `PORT=0`), reads the
 * address from the line it prints when listening, and waits for `/health`
 * within the deadline. The child's output is passed through. The process is
 * stopped if it does not become healthy.
 *
 * @example
 * ```ts
 * await using provider = await startProviderProcess(process.execPath, {
 *   args: ["provider/main_node.ts"],
 *   env: { PORT: "0", USERS_DB: "/tmp/users.db" },
 * });
 * ```
 */
export async function startProviderProcess(
  command: string,
  options: StartProviderProcessOptions = {},
): Promise<ProviderProcess> {
  return await startAhead(command, options, false).go();
}

/** A server process started ahead of time: it waits for {@linkcode AheadProcess.go}. */
export interface AheadProcess {
  /** Tells it to begin; resolves once it listens and answers `/health`. */
  go(): Promise<ProviderProcess>;
  /** Stops it, begun or not. */
  stop(): Promise<number | null>;
}

/**
 * Starts `command` now, to begin serving only when told: a launcher that
 * loads nothing of the server until it reads a line on its stdin (see
 * `extras/loop/warm_provider.ts`), so that, once told, it serves code as it is
 * then, without the cost of starting a process. With `ahead` false it is
 * {@linkcode startProviderProcess}.
 */
export function startAhead(
  command: string,
  options: StartProviderProcessOptions = {},
  ahead = true,
): AheadProcess {
  const { args = [], env = {}, timeoutMs = 10_000, stopTimeoutMs = 5000 } = options;
  const onLine = options.onLine ?? ((line: string) => console.log(`[provider] ${line}`));
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: [ahead ? "pipe" : "ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const stop = () => stopChild(child, exited, stopTimeoutMs);
  const listening = readListeningUrl(child, exited, onLine);
  listening.catch(() => {}); // awaited in go()
  return {
    stop,
    async go() {
      try {
        if (ahead) child.stdin!.end("go\n");
        const url = await withDeadline(
          listening,
          timeoutMs,
          `Provider did not say where it listens within ${timeoutMs} ms`,
        );
        const gone = new AbortController();
        void exited.then(() => gone.abort());
        await waitForHealth(new URL("/health", url), { timeoutMs, signal: gone.signal });
        return { url, pid: child.pid!, stop, [Symbol.asyncDispose]: async () => void await stop() };
      } catch (error) {
        await stop();
        throw error;
      }
    },
  };
}

/**
 * Sends `name` to process `pid`, if it still runs: one that just exited
 * (its exit not yet seen here) is left alone.
 */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Passes the child's stdout through and resolves to the URL it announces. */
function readListeningUrl(
  child: ChildProcess,
  exited: Promise<number | null>,
  onLine: (line: string) => void,
): Promise<URL> {
  return new Promise((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`Provider exited with code ${code} before listening`))
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      onLine(line);
      const match = LISTENING.exec(line);
      if (match) resolve(addressUrl(match[1]));
    });
  });
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    // process.kill, not child.kill: after child.kill() Deno 2.9's node:child_process
    // reports the signal sent instead of the child's own exit code.
    signal(child.pid, "SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return await exited;
}

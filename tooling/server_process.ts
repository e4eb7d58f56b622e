import { spawnReady } from "./spawn_ready.ts";
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
  const { args = [], env = {}, timeoutMs = 10_000, stopTimeoutMs = 5000 } = options;
  const started = spawnReady(command, {
    args,
    env,
    ready: LISTENING,
    timeoutMs,
    what: "The provider",
    onLine: options.onLine ?? ((line: string) => console.log(`[provider] ${line}`)),
  });
  const stop = () => started.stop(stopTimeoutMs);
  const url = addressUrl((await started.ready)[1]);
  try {
    const gone = new AbortController();
    void started.exited.then(() => gone.abort());
    await waitForHealth(new URL("/health", url), { timeoutMs, signal: gone.signal });
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = started.child.pid!;
  return { url, pid, stop, [Symbol.asyncDispose]: async () => void await stop() };
}

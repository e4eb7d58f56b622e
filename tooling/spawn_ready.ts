import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { createInterface } from "node:readline";
import { withDeadline } from "./deadline.ts";

/** Options of {@linkcode spawnReady}. */
export interface SpawnReadyOptions {
  /** Arguments of the command. */
  args?: readonly string[];
  /** Environment added to this process's own (`undefined` unsets a variable). */
  env?: Record<string, string | undefined>;
  /** The working folder. */
  cwd?: string;
  /** The line that says the process is ready; its match is `ready`'s value. */
  ready: RegExp;
  /** Which output the line comes on; defaults to `stdout`. The other is passed through. */
  readyOn?: "stdout" | "stderr";
  /** A pipe to write to (`"pipe"`), or none (default). */
  stdin?: "pipe" | "ignore";
  /** Deadline for the line, from the spawn; defaults to 10 000 ms. */
  timeoutMs?: number;
  /** What it is, for the messages: `nats-server`, `OrderService`. */
  what: string;
  /** Receives each line of that output, the ready line too; default: dropped. */
  onLine?: (line: string) => void;
}

/** A process started by {@linkcode spawnReady}. */
export interface ReadyProcess {
  /** The process itself. */
  readonly child: ChildProcess;
  /**
   * The ready line's match; rejects, saying so, when the process exits first
   * or the deadline passes (the process is then stopped).
   */
  readonly ready: Promise<RegExpExecArray>;
  /** Resolves to the exit code (`null` when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM (SIGKILL after `timeoutMs`, default 5000); resolves to the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Spawns `command` and reads its output line by line until one matches
 * `options.ready`: the one way the tooling starts a process and waits for
 * its ready line (a provider saying where it listens, nats-server, a
 * subscriber). Nothing here sleeps: the line, the exit or the deadline,
 * whichever comes first.
 *
 * @example
 * ```ts
 * const nats = spawnReady("nats-server", {
 *   args: ["-p", "-1"],
 *   ready: /Listening for client connections on \S*:(\d+)/,
 *   readyOn: "stderr",
 *   what: "nats-server",
 * });
 * const port = Number((await nats.ready)[1]);
 * ```
 */
export function spawnReady(command: string, options: SpawnReadyOptions): ReadyProcess {
  const { readyOn = "stdout", timeoutMs = 10_000, what } = options;
  const child = spawn(command, options.args ?? [], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: [
      options.stdin ?? "ignore",
      readyOn === "stdout" ? "pipe" : "inherit",
      readyOn === "stderr" ? "pipe" : "inherit",
    ],
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const stop = (stopTimeoutMs = 5000) => stopProcess(child, exited, stopTimeoutMs);
  const line = new Promise<RegExpExecArray>((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`${what} exited with code ${code} before it was ready`))
    );
    createInterface({ input: child[readyOn]! }).on("line", (text) => {
      options.onLine?.(text);
      const match = options.ready.exec(text);
      if (match) resolve(match);
    });
  });
  const ready = withDeadline(line, timeoutMs, `${what} was not ready within ${timeoutMs} ms`)
    .catch(async (error) => {
      await stop();
      throw error;
    });
  ready.catch(() => {}); // the caller's to await
  return { child, ready, exited, stop };
}

/**
 * Sends `name` to process `pid` (a negative one: its process group), if it
 * still runs: one that just exited (its exit not yet seen here) is left alone.
 */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** SIGTERM to `child`, SIGKILL after `timeoutMs`; resolves to its exit code. */
async function stopProcess(
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

import process from "node:process";

/** The exit code of a process ended by each signal it handles: 128 + the signal's number. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * On SIGINT or SIGTERM, runs `cleanup` (stop a provider process, remove a
 * temporary folder), then exits as the signal would have ended it (130 or
 * 143): without it a signal ends the process at once and leaves those behind.
 */
export function cleanUpOnSignal(cleanup: () => Promise<unknown> | unknown): void {
  let cleaning: Promise<unknown> | undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Every time, not once: a terminal's Ctrl-C can come twice (from the terminal, and passed on
    // by deno task); the second must not end the process before the first has cleaned up.
    process.on(signal, () => {
      cleaning ??= Promise.resolve().then(cleanup).finally(() => process.exit(EXIT_CODES[signal]));
    });
  }
}

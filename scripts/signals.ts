import process from "node:process";

/**
 * On SIGINT or SIGTERM, runs `cleanup` (stop a provider process, remove a
 * temporary folder), then exits with 130: without it a signal ends the
 * process at once and leaves those behind.
 */
export function cleanUpOnSignal(cleanup: () => Promise<unknown> | unknown): void {
  const stop = async () => {
    try {
      await cleanup();
    } finally {
      process.exit(130);
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

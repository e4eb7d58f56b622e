import { readConfig } from "./config.ts";
import { describeAddress, type Serve } from "./adapters/server.ts";
import { messageOf } from "./service/error_message.ts";
import { openUserService } from "./service/user_service.ts";

/** What an entry point hands to {@linkcode runUserService}: the runtime's parts. */
export interface RunOptions {
  /** The runtime's server adapter. */
  serve: Serve;
  /** Reads an environment variable. */
  getEnv: (name: string) => string | undefined;
  /** Command-line arguments; `--seed` writes the example users first. */
  args: readonly string[];
  /** Calls `stop` on SIGINT and SIGTERM; returns a function that unsubscribes. */
  onStopSignal: (stop: () => void) => () => void;
}

/**
 * Runs UserService until a stop signal: opens the store named by `USERS_DB`,
 * serves on `HOST`:`PORT` (printing a made-up development token when
 * `USER_SERVICE_TOKEN` is unset), prints `UserService listening on <url>`, and on
 * SIGINT/SIGTERM lets in-flight requests finish and closes the database.
 * Resolves to the exit code; a start-up failure is one line on stderr and 1.
 */
export async function runUserService(options: RunOptions): Promise<number> {
  let serving = false;
  try {
    const config = readConfig(options.getEnv);
    await using service = await openUserService(config, { seed: options.args.includes("--seed") });
    if (service.tokenIsMadeUp) {
      console.log(
        `UserService development token (USER_SERVICE_TOKEN is not set): ${service.token}`,
      );
    }
    // Disposed (shut down) on every way out, so a failure leaves nothing half-started.
    await using server = await options.serve(service.app, config);
    const unsubscribe = options.onStopSignal(() => void server.shutdown());
    try {
      if (service.relaysTo) console.log(`UserService relays its events to ${service.relaysTo}`);
      console.log(`UserService listening on ${describeAddress(server.url)}`);
      serving = true;
      await server.finished;
    } finally {
      unsubscribe();
    }
    console.log("UserService stopped");
    return 0;
  } catch (error) {
    console.error(`UserService ${serving ? "failed" : "cannot start"}: ${messageOf(error)}`);
    return 1;
  }
}

/**
 * UserService on Deno: `Deno.serve` over the runtime-neutral handler.
 * Configured by `HOST`, `PORT` and `USERS_DB`; `--seed` writes the original
 * example's users first. Stops gracefully on SIGINT and SIGTERM.
 *
 * @module
 */
import { runUserService } from "./run.ts";
import { serveDeno } from "./adapters/serve_deno.ts";

Deno.exitCode = await runUserService({
  serve: serveDeno,
  getEnv: (name) => Deno.env.get(name),
  args: Deno.args,
  onStopSignal(stop) {
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
    return () => {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
    };
  },
});

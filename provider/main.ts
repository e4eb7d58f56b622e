/**
 * UserService on Deno: `Deno.serve` over the runtime-neutral handler.
 * Configured by `HOST`, `PORT` and `USERS_DB`; `--seed` writes the original
 * example's users first. Stops gracefully on SIGINT and SIGTERM.
 *
 * @module
 */
import { readConfig } from "./config.ts";
import { serveDeno } from "./serve_deno.ts";
import { messageOf, openUserService } from "./service.ts";

async function main(): Promise<number> {
  const config = readConfig((name) => Deno.env.get(name));
  using service = await openUserService(config, { seed: Deno.args.includes("--seed") });
  const server = await serveDeno(service.app, config);
  const stop = () => void server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    console.log(`UserService listening on ${server.url.origin}`);
    await server.finished;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
  console.log("UserService stopped");
  return 0;
}

try {
  Deno.exitCode = await main();
} catch (error) {
  console.error(`UserService cannot start: ${messageOf(error)}`);
  Deno.exitCode = 1;
}

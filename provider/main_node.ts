/**
 * UserService on Node.js: express over the runtime-neutral handler. Same
 * configuration (`HOST`, `PORT`, `USERS_DB`, `--seed`) and the same graceful
 * stop on SIGINT and SIGTERM as `main.ts`.
 *
 * @module
 */
import process from "node:process";
import { runUserService } from "./run.ts";
import { serveNode } from "./adapters/serve_node.ts";

// No top-level await: this file is also bundled to CommonJS for the single executable.
void runUserService({
  serve: serveNode,
  getEnv: (name) => process.env[name],
  args: process.argv.slice(2),
  onStopSignal(stop) {
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    };
  },
}).then((code) => {
  process.exitCode = code;
});

/**
 * `deno task dev` / `npm run dev`: the contract loop in watch mode
 * (`extras/loop/watch.ts`). Ctrl-C stops it and leaves nothing running.
 *
 * @module
 */
import process from "node:process";
import { watchContracts } from "../extras/loop/watch.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Watch mode", async () => {
  // Exits at once: a verification the loop abandoned would keep the process alive.
  process.exit(await watchContracts());
});

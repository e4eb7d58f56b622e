/**
 * `deno task dev` / `npm run dev`: the contract loop in watch mode
 * (`loop/watch.ts`). Ctrl-C stops it and leaves nothing running.
 *
 * @module
 */
import { watchContracts } from "../loop/watch.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Watch mode", () => {
  watchContracts();
  return 0;
});

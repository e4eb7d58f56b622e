/**
 * A UserService launcher for the watch loop: started ahead of time, it loads
 * nothing of the provider until it reads a line on its stdin, then imports
 * the entry point its first argument names (`provider/main.ts` on Deno,
 * `provider/main_node.ts` on Node; the second is the loop's pid), which serves as it would on its own. So a
 * saved provider file is served, as it now is, without waiting for a
 * process to start. When the loop goes, the provider stops as on SIGTERM.
 *
 * @module
 */
import process from "node:process";
import { pathToFileURL } from "node:url";
import { waitForGo } from "../../tooling/go_signal.ts";

/** The npm packages the provider imports, whichever store and broker it is configured for. */
const PACKAGES = [
  "postgres",
  "@nats-io/jetstream",
  "@nats-io/transport-node",
  ...("Deno" in globalThis ? [] : ["express"]),
];

const [entry, loopPid] = process.argv.slice(2);
// The provider's packages (not its code: they change only with the lockfile), loaded while
// there is time: the provider's own imports of them then find them loaded.
await Promise.all(PACKAGES.map((name) => import(name)));
await waitForGo(Number(loopPid), () => process.kill(process.pid, "SIGTERM"));
await import(pathToFileURL(entry).href);

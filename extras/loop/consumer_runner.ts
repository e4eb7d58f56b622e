/**
 * The consumer half for the watch loop, started ahead of time: it loads
 * pact-js first, says `@@ready`, and waits for a line on its stdin. Then it
 * imports OrderService's contract cases, which it has not loaded before, so a
 * saved consumer file is run as it now is; runs them, writes `pacts/` afresh,
 * says `@@consumer` with whether all passed, and exits. Every other line it
 * prints is the run's own output.
 *
 * @module
 */
import process from "node:process";
import { waitForGo } from "../../tooling/go_signal.ts";

await import("@pact-foundation/pact");
console.log("@@ready");
await waitForGo(Number(process.argv[2]), () => process.exit(1)); // the loop is gone: nobody reads the verdict
const { consumerHalf } = await import("./consumer_half.ts");
const passed = await consumerHalf(() => {});
console.log(`@@consumer ${JSON.stringify({ passed })}`);

/**
 * A test fixture for `signals_test.ts`: a process that registers a clean-up
 * with {@linkcode cleanUpOnSignal}, says it is ready, and waits to be signalled.
 *
 * @module
 */
import { cleanUpOnSignal } from "./signals.ts";

cleanUpOnSignal(() => console.log("cleaned up"));
console.log("ready");
setInterval(() => {}, 1000);

/**
 * How a process the watch loop starts ahead of time hears from it: a line on
 * its stdin says go; stdin ending before that says the loop is gone. Once
 * going, it looks at its parent process now and then: the loop killed
 * without a chance to stop anything leaves it with another parent. Nothing
 * it starts outlives the loop.
 *
 * @module
 */
import process from "node:process";

/** How often a process that is going checks that the loop is still there. */
const PARENT_CHECK_MS = 250;

/** Thrown by {@linkcode waitForGo} when stdin ends before go: the loop let go of the run. */
export class NotToldToGoError extends Error {
  override name = "NotToldToGoError";
  constructor() {
    super("Not verified: the watch loop let this run go unused (stdin ended before go)");
  }
}

/**
 * Resolves at the first line on stdin. If stdin ends before, there is nobody
 * to serve: `onGone` runs at once, or, with `{ endBeforeGo: "reject" }`, the
 * promise rejects with a {@linkcode NotToldToGoError}, so that what the run
 * holds (a provider, a folder) is cleaned up on the way out. After go,
 * `onGone` runs once the process `loopPid` (the loop passes its pid: it may
 * be gone before this process ran a line) is no longer its parent; the check
 * never keeps this process alive. `onGone` is to end this process and what
 * it started.
 */
export async function waitForGo(
  loopPid: number,
  onGone: () => void,
  options: { endBeforeGo?: "gone" | "reject" } = {},
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let told = false;
    process.stdin.on("data", (chunk: Uint8Array) => {
      if (told || !chunk.includes(10)) return;
      told = true;
      resolve();
    });
    process.stdin.on("end", () => {
      if (told) return;
      if (options.endBeforeGo === "reject") reject(new NotToldToGoError());
      else onGone();
    });
  });
  process.stdin.destroy();
  const check = setInterval(() => {
    if (process.ppid === loopPid) return;
    clearInterval(check);
    onGone();
  }, PARENT_CHECK_MS);
  check.unref();
}

/**
 * Ends this process, and its process group when it leads one (a run started
 * in a group of its own: its providers too): the `onGone` of a test run
 * whose loop is gone. Nobody reads its outcome.
 */
export function endRun(): never {
  try {
    process.kill(-process.pid, "SIGTERM");
  } catch {
    // not a group leader: this process alone
  }
  process.exit(1);
}

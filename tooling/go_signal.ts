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

/**
 * Resolves at the first line on stdin. If stdin ends before, `onGone` runs
 * at once: there is nobody to serve. After, `onGone` runs once the process
 * `loopPid` (the loop passes its pid: it may be gone before this process ran
 * a line) is no longer its parent; the check never keeps this process alive.
 * `onGone` is to end this process and what it started.
 */
export async function waitForGo(loopPid: number, onGone: () => void): Promise<void> {
  await new Promise<void>((resolve) => {
    let told = false;
    process.stdin.on("data", (chunk: Uint8Array) => {
      if (told || !chunk.includes(10)) return;
      told = true;
      resolve();
    });
    process.stdin.on("end", () => told || onGone());
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

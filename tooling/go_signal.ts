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
 * Resolves at the first line on stdin. If stdin ends before, this process
 * exits at once: there is nobody to serve. After, `onGone` runs once the
 * process `loopPid` (the loop passes its pid: it may be gone before this
 * process ran a line) is no longer its parent; the check never keeps this
 * process alive.
 */
export async function waitForGo(loopPid: number, onGone: () => void): Promise<void> {
  await new Promise<void>((resolve) => {
    let told = false;
    process.stdin.on("data", (chunk: Uint8Array) => {
      if (told || !chunk.includes(10)) return;
      told = true;
      resolve();
    });
    process.stdin.on("end", () => told || process.exit(0));
  });
  process.stdin.destroy();
  const check = setInterval(() => {
    if (process.ppid === loopPid) return;
    clearInterval(check);
    onGone();
  }, PARENT_CHECK_MS);
  check.unref();
}

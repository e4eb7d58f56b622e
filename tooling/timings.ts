import { writeFileSync } from "node:fs";
import process from "node:process";

/** A point in a run: what just happened, in epoch milliseconds. */
export interface Mark {
  name: string;
  at: number;
}

/**
 * Marks for `bench/contract_loop.ts`: `mark(name)` notes the time, `save()`
 * writes them as JSON to the file named by `CONTRACT_TIMINGS`, and does
 * nothing when it is unset. The first mark is the process's own start.
 */
export function timings(env: Record<string, string | undefined> = process.env) {
  const marks: Mark[] = [{ name: "process started", at: performance.timeOrigin }];
  return {
    mark(name: string): void {
      marks.push({ name, at: performance.timeOrigin + performance.now() });
    },
    save(): void {
      if (env.CONTRACT_TIMINGS) writeFileSync(env.CONTRACT_TIMINGS, JSON.stringify(marks));
    },
  };
}

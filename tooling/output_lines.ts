import type { Readable } from "node:stream";
import { createInterface } from "node:readline";

/** A line found by {@linkcode OutputLines.line}: its match, and where it is in `lines`. */
export interface FoundLine {
  match: RegExpExecArray;
  at: number;
}

/** What a process prints, line by line, kept as it comes. */
export interface OutputLines {
  /** Every line so far, the streams' lines in the order they came. */
  readonly lines: readonly string[];
  /**
   * The first line from index `from` on (default 0) that matches `pattern`,
   * printed already or still to come; rejects, with everything printed so
   * far, after `ms` (default 30 000) or once every stream has ended.
   */
  line(pattern: RegExp, options?: { from?: number; ms?: number }): Promise<FoundLine>;
}

/**
 * Keeps the lines of `streams` (a child's standard output and error, say),
 * for a test to wait for what a long-running process says, one line after
 * another: the address it listens on, a run's verdict, its last words.
 *
 * @example
 * ```ts
 * const output = outputLines([child.stdout!, child.stderr!]);
 * const { match } = await output.line(/^UserService A\s+(http:\/\/\S+)$/);
 * ```
 */
export function outputLines(streams: readonly Readable[]): OutputLines {
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let open = streams.length;
  for (const stream of streams) {
    createInterface({ input: stream })
      .on("line", (line) => {
        lines.push(line);
        for (const listener of listeners) listener();
      })
      .on("close", () => {
        open--;
        for (const listener of listeners) listener();
      });
  }
  function line(pattern: RegExp, { from = 0, ms = 30_000 } = {}): Promise<FoundLine> {
    return new Promise((resolve, reject) => {
      let next = from;
      const look = () => {
        for (; next < lines.length; next++) {
          const match = pattern.exec(lines[next]);
          if (match) {
            done();
            resolve({ match, at: next });
            return;
          }
        }
        if (open === 0) {
          done();
          reject(new Error(`no line matching ${pattern} before the end:\n${lines.join("\n")}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no line matching ${pattern} within ${ms} ms:\n${lines.join("\n")}`));
      }, ms);
      const done = () => (clearTimeout(timer), listeners.delete(look));
      listeners.add(look);
      look();
    });
  }
  return { lines, line };
}

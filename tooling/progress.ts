import process from "node:process";

/** Where progress is drawn: a writable stream that may be a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** Steps in all, when known: then the line shows the share done and the time left. */
  total?: number;
  /** Defaults to standard error. */
  stream?: ProgressStream;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/**
 * One line of progress for long work (the mutation guard, benchmarks, the
 * load check), redrawn in place on a terminal: the task, the step, how many
 * are done and, when the total is known, the time left at the pace so far.
 * Not on a terminal (CI logs, pipes) it writes nothing, so logs stay readable.
 *
 * @example
 * ```ts
 * const progress = new Progress("mutation guard", { total: MUTATIONS.length });
 * for (const m of MUTATIONS) { progress.step(m.name); await check(m); }
 * progress.done();
 * ```
 */
export class Progress {
  readonly #label: string;
  readonly #total: number | undefined;
  readonly #stream: ProgressStream;
  readonly #now: () => number;
  readonly #started: number;
  #done = 0;
  #current: string | undefined;

  /** Starts the line for `label`. */
  constructor(label: string, options: ProgressOptions = {}) {
    this.#label = label;
    this.#total = options.total;
    this.#stream = options.stream ?? process.stderr;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  /** The line as it would be drawn now, about to start `step`. */
  line(step: string): string {
    const count = this.#total === undefined ? `${this.#done}` : `${this.#done}/${this.#total}`;
    let left = "";
    if (this.#total !== undefined && this.#done > 0) {
      const perStep = (this.#now() - this.#started) / this.#done;
      left = `, ~${Math.ceil((perStep * (this.#total - this.#done)) / 1000)} s left`;
    }
    return `${this.#label}: ${count} done${left}; now: ${step}`;
  }

  /** Starts `step`; the previous one, if any, is done. */
  step(step: string): void {
    if (this.#current !== undefined) this.#done++;
    this.#current = step;
    this.#draw(this.line(step));
  }

  /** Clears the line. */
  done(): void {
    this.#draw("");
  }

  #draw(text: string): void {
    if (!this.#stream.isTTY) return;
    const columns = (this.#stream as { columns?: number }).columns ?? 100;
    this.#stream.write(`\r\x1b[2K${text.slice(0, columns - 1)}`);
  }
}

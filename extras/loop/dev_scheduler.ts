/** What a change asks for: the whole loop (a consumer change) or verification only. */
export type RunKind = "contract" | "verify";

/**
 * What a change to `path` (relative to the repository, in a watched folder)
 * asks for: a provider source file or one of its API descriptions
 * (`provider/service/api/*.json`, inputs of the bi-directional check) the
 * provider's checks; a source file of a consumer the whole loop; anything
 * else (a database, an editor's swap file) nothing.
 */
export function runKindFor(path: string): RunKind | undefined {
  const normalized = path.replaceAll("\\", "/");
  if (normalized.startsWith("provider/")) {
    return /^provider\/(.*\.ts|(.*\/)?api\/[^/]+\.json)$/.test(normalized) ? "verify" : undefined;
  }
  if (/^[^.][^/]*\/(.*\/)?[^/.][^/]*\.ts$/.test(normalized)) return "contract";
  return undefined;
}

/** Options of {@linkcode RunScheduler}. */
export interface RunSchedulerOptions {
  /** Starts a run; resolves when it has ended. */
  run: (kind: RunKind, files: readonly string[]) => Promise<void>;
  /** Quiet time after the last change before a run starts; default 150 ms. */
  debounceMs?: number;
}

/**
 * When to run the contract loop in watch mode. Changes that come close
 * together (an editor saving twice, a formatter after a save) start one run,
 * after `debounceMs` of quiet; changes during a run start one more run after
 * it, never two at once. A consumer change anywhere in a batch makes it a
 * whole-loop run.
 */
export class RunScheduler {
  #run: RunSchedulerOptions["run"];
  #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #queued: { kind: RunKind; files: Set<string> } | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  /** Creates a scheduler that calls `options.run`. */
  constructor(options: RunSchedulerOptions) {
    this.#run = options.run;
    this.#debounceMs = options.debounceMs ?? 150;
  }

  /** A file changed; `kind` is what it asks for. */
  changed(kind: RunKind, file: string): void {
    if (this.#closed) return;
    const queued = this.#queued ?? { kind, files: new Set<string>() };
    if (kind === "contract") queued.kind = "contract";
    queued.files.add(file);
    this.#queued = queued;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#startIfIdle(), this.#debounceMs);
  }

  /** Asks for a run of `kind` as soon as none is in progress, without waiting for quiet. */
  now(kind: RunKind): void {
    this.#queued = { kind, files: new Set() };
    this.#startIfIdle();
  }

  /** The run in progress, if any. */
  get running(): Promise<void> | undefined {
    return this.#running;
  }

  /** Stops scheduling; the run in progress, if any, is left to the caller. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#queued = undefined;
  }

  #startIfIdle(): void {
    if (this.#running || !this.#queued || this.#closed) return;
    const { kind, files } = this.#queued;
    this.#queued = undefined;
    this.#running = this.#run(kind, [...files]).catch(() => {}).finally(() => {
      this.#running = undefined;
      this.#startIfIdle();
    });
  }
}

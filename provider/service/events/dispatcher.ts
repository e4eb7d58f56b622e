import type { Outbox } from "../store/user_store.ts";
import type { StoredEvent } from "./user_events.ts";

/** Where the dispatcher sends events: a broker that acknowledges each one. */
export interface Publisher {
  /** Publishes `event`; resolves once the broker has acknowledged it (stored it). */
  publish(event: StoredEvent): Promise<void>;
  /** Lets go of the broker. */
  close(): Promise<void>;
}

/** Options of {@linkcode OutboxDispatcher}. */
export interface DispatcherOptions {
  /** The events to relay. */
  outbox: Outbox;
  /** The broker to relay them to. */
  publisher: Publisher;
  /** Events read and published at a time; default 100. */
  batchSize?: number;
  /**
   * How often to look for events without being woken (written by another
   * process, or left by a failed publish); default 250 ms.
   */
  pollIntervalMs?: number;
  /** How long sent events stay in the outbox before they are pruned; default one hour. */
  retentionMs?: number;
  /**
   * Told about the first failure of a streak the dispatcher retries after
   * (a broker that is down, say); the ones that follow it are not repeated.
   */
  onError?: (error: unknown) => void;
  /** Told when events are relayed again after a streak of failures. */
  onRecover?: () => void;
  /**
   * Called after each event the broker acknowledged, before it is marked sent.
   * Fault trials kill the process here; nothing else needs it.
   */
  afterPublish?: (event: StoredEvent) => void | Promise<void>;
  /** The clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** The longest pause between two attempts while the broker fails. */
const MAX_BACKOFF_MS = 2000;

/**
 * Relays every committed event of an outbox to a broker: at least once, in
 * the order the changes committed, and marked sent only after the broker
 * acknowledged it. Events are published one after the other, each awaited, so
 * that a failure stops the batch there and the next attempt starts with the
 * event that failed: nothing later can overtake it. A crash between a publish
 * and its mark sends that batch again; the broker drops what it already has
 * (the event id is its `Nats-Msg-Id`), and consumers ignore a version they
 * have seen. Sent events are pruned once older than `retentionMs`.
 *
 * @example
 * ```ts
 * const dispatcher = new OutboxDispatcher({ outbox: store, publisher });
 * dispatcher.start();
 * // …
 * await dispatcher.stop();
 * ```
 */
export class OutboxDispatcher {
  #outbox: Outbox;
  #publisher: Publisher;
  #batchSize: number;
  #pollIntervalMs: number;
  #retentionMs: number;
  #onError: (error: unknown) => void;
  #onRecover: () => void;
  #failing = false;
  #afterPublish: DispatcherOptions["afterPublish"];
  #now: () => number;
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  #woken = false;
  #lastPrune = 0;

  /** Creates a dispatcher; it does nothing until {@linkcode start}. */
  constructor(options: DispatcherOptions) {
    this.#outbox = options.outbox;
    this.#publisher = options.publisher;
    this.#batchSize = options.batchSize ?? 100;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    this.#retentionMs = options.retentionMs ?? 3_600_000;
    this.#onError = options.onError ?? ((error) => console.error(error));
    this.#onRecover = options.onRecover ?? (() => {});
    this.#afterPublish = options.afterPublish;
    this.#now = options.now ?? Date.now;
  }

  /** Starts relaying in the background. */
  start(): void {
    this.#running ??= this.#run();
  }

  /** New events were committed: look now, without waiting for the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops after the event in flight (if any) is acknowledged and marked; then closes the publisher. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#running;
    await this.#publisher.close();
  }

  /** Publishes up to one batch; resolves to how many events it relayed. */
  async dispatchOnce(): Promise<number> {
    const batch = await this.#outbox.unsentEvents(this.#batchSize);
    const sent: number[] = [];
    try {
      for (const event of batch) {
        if (this.#stopped) break;
        await this.#publisher.publish(event);
        await this.#afterPublish?.(event);
        sent.push(event.seq);
      }
    } finally {
      if (sent.length > 0) await this.#outbox.markSent(sent, this.#now());
    }
    return sent.length;
  }

  async #run(): Promise<void> {
    for (let backoffMs = 50; !this.#stopped;) {
      try {
        this.#woken = false;
        const relayed = await this.dispatchOnce();
        backoffMs = 50;
        if (this.#failing) {
          this.#failing = false;
          this.#onRecover();
        }
        await this.#pruneNow();
        if (relayed === 0 && !this.#woken) await this.#sleep(this.#pollIntervalMs);
      } catch (error) {
        if (this.#stopped) return;
        if (!this.#failing) this.#onError(error);
        this.#failing = true;
        await this.#sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Prunes sent events past the retention, at most once a minute. */
  async #pruneNow(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastPrune < 60_000) return;
    this.#lastPrune = now;
    await this.#outbox.pruneSent(now - this.#retentionMs);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.#wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

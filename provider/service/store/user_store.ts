import type { StoredEvent } from "../events/user_events.ts";

/**
 * The store could not do what was asked (the database is down, full, closed
 * or refused the statement): nothing changed, and a client may retry.
 * Every {@linkcode UserStore} rejects with this, or a subclass, for a failure
 * of its own; anything else it throws is a bug.
 */
export class StoreUnavailableError extends Error {
  /** Creates the error; the database's own failure is the `cause`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

/** The database stayed locked by another connection for longer than the wait allowed. */
export class StoreBusyError extends StoreUnavailableError {
  /** Creates the error; the last "locked" failure is the `cause`. */
  constructor(waitedMs: number, options?: ErrorOptions) {
    super(`The database stayed locked for ${waitedMs} ms`, options);
    this.name = "StoreBusyError";
  }
}

/** A user as UserService stores and serves it. */
export interface User {
  id: number;
  name: string;
  email: string;
}

/**
 * Where UserService keeps its users. Every change is announced: a write
 * stores the user and appends its event (`user.updated`, `user.deleted`) as
 * one unit, so there is no way to do one without the other. When a write
 * fails, nothing changed, and the store rejects with
 * {@linkcode StoreUnavailableError}. Asynchronous so that a networked database
 * (PostgreSQL, say) can implement it too; {@linkcode SqliteUserStore} is the
 * default.
 */
export interface UserStore {
  /** The user with `id`, or `undefined` when there is none. */
  get(id: number): Promise<User | undefined>;
  /** Creates a user with a new id, chosen by the store; resolves to it as stored. */
  create(user: Omit<User, "id">): Promise<User>;
  /** Creates or replaces the user with `user.id`; resolves to it as stored. */
  put(user: User): Promise<User>;
  /** Removes the user with `id`; resolves to whether one was there. */
  delete(id: number): Promise<boolean>;
  /** How many users it holds. */
  countUsers(): Promise<number>;
  /** Releases the store; further calls fail. */
  close(): void;
}

/** The events a {@linkcode UserStore} announced, in the order their changes committed. */
export interface EventLog {
  /** Up to `limit` events after position `afterSeq`, oldest first. */
  eventsAfter(afterSeq?: number, limit?: number): Promise<StoredEvent[]>;
  /** The highest position ever given to an event (pruning does not lower it); `0` for none. */
  lastEventSeq(): Promise<number>;
}

/**
 * The event log as an outbox a dispatcher relays to a broker: which events
 * are still to send, marking them sent once the broker acknowledged them,
 * and pruning the sent ones.
 */
export interface Outbox extends EventLog {
  /** Up to `limit` events not marked sent, oldest first. */
  unsentEvents(limit?: number): Promise<StoredEvent[]>;
  /** Marks the events at positions `seqs` sent, at `sentAt` (epoch ms; default now). */
  markSent(seqs: readonly number[], sentAt?: number): Promise<void>;
  /** Removes the events marked sent before `before` (epoch ms); resolves to how many. */
  pruneSent(before: number): Promise<number>;
  /**
   * Calls `listener` whenever new events may have committed (through this
   * store; with PostgreSQL, through any instance); returns a function that
   * stops it.
   */
  watch(listener: () => void): () => void;
}

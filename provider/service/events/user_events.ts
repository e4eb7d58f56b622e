import type { User } from "../store/user_store.ts";

/** The JetStream stream that holds UserService's events, and the subjects it takes. */
export const USER_EVENTS_STREAM = { name: "USERS", subjects: ["users.>"] } as const;

/** The subject each event is published on. */
export const SUBJECTS = {
  "user.updated": "users.updated",
  "user.deleted": "users.deleted",
} as const;

/** What every event carries: its own id and the version of the user it is about. */
interface EventIdentity {
  /**
   * The event's id (a UUID): the same on every delivery of it, and its
   * `Nats-Msg-Id`, so the broker drops a duplicate publish.
   */
  id: string;
  /** The user's version: 1 for the first change of that user, one more for each change since. */
  version: number;
}

/** The body of a `user.updated` event: the user as it is now. */
export interface UserUpdated extends EventIdentity {
  event: "user.updated";
  user: User;
}

/** The body of a `user.deleted` event: the id of the user that is gone. */
export interface UserDeleted extends EventIdentity {
  event: "user.deleted";
  userId: number;
}

/** An event UserService announces, with the metadata a broker carries. */
export interface UserEvent {
  /** The JSON body. */
  contents: UserUpdated | UserDeleted;
  /** Broker metadata: the subject it goes to, and its content type. */
  metadata: { subject: string; contentType: "application/json" };
}

/** An event as the outbox holds it, with its position. */
export interface StoredEvent extends UserEvent {
  /** Position in the outbox: increasing, in the order the changes committed. */
  seq: number;
}

function announce(contents: UserUpdated | UserDeleted): UserEvent {
  return {
    contents,
    metadata: { subject: SUBJECTS[contents.event], contentType: "application/json" },
  };
}

/**
 * The `user.updated` event for `user` at `version`: the one builder the
 * service and its message verification both use.
 *
 * @example
 * ```ts
 * userUpdated({ id: 1, name: "John Doe", email: "john.doe@example.com" }, 1).metadata.subject;
 * // "users.updated"
 * ```
 */
export function userUpdated(user: User, version: number, id = crypto.randomUUID()): UserEvent {
  return announce({
    id,
    event: "user.updated",
    version,
    user: { id: user.id, name: user.name, email: user.email },
  });
}

/** The `user.deleted` event for the user with `userId`, at `version`. */
export function userDeleted(userId: number, version: number, id = crypto.randomUUID()): UserEvent {
  return announce({ id, event: "user.deleted", version, userId });
}

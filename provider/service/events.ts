import type { User } from "./store/user_store.ts";

/** The topic UserService announces user changes on. */
export const USER_EVENTS_TOPIC = "users";

/** The body of a `user.updated` event: the user as it is now. */
export interface UserUpdated {
  event: "user.updated";
  user: User;
}

/** The body of a `user.deleted` event: the id of the user that is gone. */
export interface UserDeleted {
  event: "user.deleted";
  userId: number;
}

/** An event UserService announces, with the metadata a broker carries. */
export interface UserEvent {
  /** The JSON body. */
  contents: UserUpdated | UserDeleted;
  /** Broker metadata: `topic`, `contentType` and `eventType`. */
  metadata: { topic: string; contentType: "application/json"; eventType: string };
}

/** An event as the outbox holds it, with its position. */
export interface StoredEvent extends UserEvent {
  /** Position in the outbox: increasing, in the order the changes committed. */
  seq: number;
}

function announce(contents: UserUpdated | UserDeleted): UserEvent {
  return {
    contents,
    metadata: {
      topic: USER_EVENTS_TOPIC,
      contentType: "application/json",
      eventType: contents.event,
    },
  };
}

/**
 * The `user.updated` event for `user`: the one builder the service and its
 * message verification both use.
 *
 * @example
 * ```ts
 * userUpdated({ id: 1, name: "John Doe", email: "john.doe@example.com" }).contents.event;
 * // "user.updated"
 * ```
 */
export function userUpdated(user: User): UserEvent {
  return announce({
    event: "user.updated",
    user: { id: user.id, name: user.name, email: user.email },
  });
}

/** The `user.deleted` event for the user with `userId`. */
export function userDeleted(userId: number): UserEvent {
  return announce({ event: "user.deleted", userId });
}

import { InvalidUserEventError } from "./errors.ts";
import { isUser, type User } from "./user.ts";

/** The events on UserService's `users` topic that OrderService acts on. */
export type UserEvent =
  | { readonly event: "user.updated"; readonly user: User }
  | { readonly event: "user.deleted"; readonly userId: number };

/** The topic UserService announces its users' changes on. */
export const USERS_TOPIC = "users";

/** A message as a broker hands it over: its metadata and its decoded JSON body. */
export interface UserMessage {
  /** What the broker carries beside the body: `topic` and `contentType`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The body, decoded from JSON. */
  readonly contents: unknown;
}

/**
 * Reads a message from UserService's `users` topic: it must have come on
 * that topic, declared as JSON, and hold an event OrderService knows. Throws
 * {@linkcode InvalidUserEventError} for anything else.
 */
export function parseUserMessage(message: UserMessage): UserEvent {
  const { topic, contentType } = message.metadata;
  if (topic !== USERS_TOPIC) {
    throw new InvalidUserEventError(`Not a message of the users topic: ${JSON.stringify(topic)}`);
  }
  if (contentType !== "application/json") {
    throw new InvalidUserEventError(
      `A user event must be JSON, got ${JSON.stringify(contentType)}`,
    );
  }
  return parseUserEvent(message.contents);
}

/**
 * Reads the JSON body of a message on the `users` topic. Throws
 * {@linkcode InvalidUserEventError} for anything else, so that a broken
 * message is rejected (and can be dead-lettered) instead of half-applied.
 */
export function parseUserEvent(contents: unknown): UserEvent {
  const body = contents as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null) {
    throw new InvalidUserEventError("A user event must be a JSON object");
  }
  if (body.event === "user.updated" && isUser(body.user)) {
    const { id, name, email } = body.user;
    return { event: "user.updated", user: { id, name, email } };
  }
  if (
    body.event === "user.deleted" && Number.isSafeInteger(body.userId) &&
    (body.userId as number) > 0
  ) {
    return { event: "user.deleted", userId: body.userId as number };
  }
  throw new InvalidUserEventError(
    `Not a user event OrderService knows: ${JSON.stringify(body.event)}`,
  );
}

import { InvalidUserEventError } from "./errors.ts";
import { isUser, type User } from "./user.ts";

/** What every event OrderService acts on carries: its own id and the user's version. */
interface EventIdentity {
  /** The event's id: the same on every delivery of the same event. */
  readonly id: string;
  /** The user's version: it grows with every change of that user. */
  readonly version: number;
}

/** The events on UserService's `users.*` subjects that OrderService acts on. */
export type UserEvent =
  | EventIdentity & { readonly event: "user.updated"; readonly user: User }
  | EventIdentity & { readonly event: "user.deleted"; readonly userId: number };

/** The subject each event comes on. */
export const USER_EVENT_SUBJECTS = {
  "user.updated": "users.updated",
  "user.deleted": "users.deleted",
} as const;

/** A message as a broker hands it over: its metadata and its decoded JSON body. */
export interface UserMessage {
  /** What the broker carries beside the body: `subject` and `contentType`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The body, decoded from JSON. */
  readonly contents: unknown;
}

/**
 * Reads a message from UserService: declared as JSON, holding an event
 * OrderService knows, on that event's subject. Throws
 * {@linkcode InvalidUserEventError} for anything else, so that a broken
 * message is refused (and can be dead-lettered) instead of half-applied.
 */
export function parseUserMessage(message: UserMessage): UserEvent {
  const { subject, contentType } = message.metadata;
  if (contentType !== "application/json") {
    throw new InvalidUserEventError(
      `A user event must be JSON, got ${JSON.stringify(contentType)}`,
    );
  }
  const event = parseUserEvent(message.contents);
  if (subject !== USER_EVENT_SUBJECTS[event.event]) {
    throw new InvalidUserEventError(
      `A ${event.event} event must come on "${USER_EVENT_SUBJECTS[event.event]}", ` +
        `not ${JSON.stringify(subject)}`,
    );
  }
  return event;
}

const isPositiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

/** Reads the JSON body of a user event; throws {@linkcode InvalidUserEventError} for anything else. */
export function parseUserEvent(contents: unknown): UserEvent {
  const body = contents as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null) {
    throw new InvalidUserEventError("A user event must be a JSON object");
  }
  const { id, version } = body;
  if (typeof id !== "string" || id === "") {
    throw new InvalidUserEventError("A user event must have an id");
  }
  if (!isPositiveInteger(version)) {
    throw new InvalidUserEventError("A user event must have the user's version");
  }
  if (body.event === "user.updated" && isUser(body.user)) {
    const { id: userId, name, email } = body.user;
    return { id, event: "user.updated", version, user: { id: userId, name, email } };
  }
  if (body.event === "user.deleted" && isPositiveInteger(body.userId)) {
    return { id, event: "user.deleted", version, userId: body.userId };
  }
  throw new InvalidUserEventError(
    `Not a user event OrderService knows: ${JSON.stringify(body.event)}`,
  );
}

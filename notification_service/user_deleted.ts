import { InvalidEventError } from "./errors.ts";

/** A user deleted in UserService, as its `user.deleted` event tells it. */
export interface UserDeleted {
  /** The event's id: the same on every delivery of the same event. */
  readonly id: string;
  /** The user's version: it grows with every change of that user. */
  readonly version: number;
  /** The user deleted. */
  readonly userId: number;
}

/** A message as a broker hands it over: its metadata and its decoded JSON body. */
export interface DeliveredMessage {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly contents: unknown;
}

const isPositiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

/**
 * Reads a `user.deleted` event: declared as JSON, on the `users.deleted`
 * subject, with its id, the user's version and the user's id. Throws
 * {@linkcode InvalidEventError} for anything else, so that a broken message
 * is refused instead of half-applied.
 */
export function parseUserDeleted(message: DeliveredMessage): UserDeleted {
  const { subject, contentType } = message.metadata;
  if (contentType !== "application/json") {
    throw new InvalidEventError(`A user event must be JSON, got ${JSON.stringify(contentType)}`);
  }
  if (subject !== "users.deleted") {
    throw new InvalidEventError(
      `A user.deleted event comes on "users.deleted", not ${JSON.stringify(subject)}`,
    );
  }
  const body = message.contents as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null || body.event !== "user.deleted") {
    throw new InvalidEventError("Not a user.deleted event");
  }
  const { id, version, userId } = body;
  if (typeof id !== "string" || id === "") throw new InvalidEventError("The event has no id");
  if (!isPositiveInteger(version)) throw new InvalidEventError("The event has no user version");
  if (!isPositiveInteger(userId)) throw new InvalidEventError("The event names no user");
  return { id, version, userId };
}

import { InvalidUserEventError } from "./errors.ts";
import { isUser, type User } from "./user.ts";

/** The events on UserService's `users` topic that OrderService acts on. */
export type UserEvent =
  | { readonly event: "user.updated"; readonly user: User }
  | { readonly event: "user.deleted"; readonly userId: number };

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

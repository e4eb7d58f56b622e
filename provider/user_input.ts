import type { User } from "./user_store.ts";

const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

/** The most ids one `GET /users?ids=` may ask for. */
export const MAX_IDS = 100;

/** A path segment as a user id: a positive safe integer without sign, zeros or spaces. */
export function parseUserId(raw: string): number | undefined {
  const id = POSITIVE_INTEGER.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * The `ids` query parameter (`1,2,3`) as distinct ids in the order given, or
 * the message of a 400 answer.
 */
export function parseIdList(raw: string | null): number[] | string {
  if (!raw) return "Query parameter ids is required, e.g. ids=1,2";
  const parts = raw.split(",");
  if (parts.length > MAX_IDS) return `At most ${MAX_IDS} ids may be asked for at once`;
  const ids = parts.map(parseUserId);
  if (ids.some((id) => id === undefined)) return "Every id must be a positive integer";
  return [...new Set(ids as number[])];
}

/** A `PUT /users/{id}` body as a name and an email, or the message of a 400 answer. */
export function parseUserInput(body: unknown): Omit<User, "id"> | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "Body must be a JSON object with name and email";
  }
  const { name, email } = body as Record<string, unknown>;
  if (typeof name !== "string" || name.trim() === "" || name.length > 200) {
    return "name must be a non-empty string of at most 200 characters";
  }
  if (
    typeof email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254
  ) {
    return "email must be an email address";
  }
  return { name, email };
}

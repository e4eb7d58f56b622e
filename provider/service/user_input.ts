import type { User } from "./store/user_store.ts";

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

// C0 and C1 controls and DEL: a NUL is cut by some SQLite bindings, the rest has no place in a name.
const CONTROL = /\p{Cc}/u;
// Embeddings, overrides and isolates reorder the text around them when it is shown.
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;
// A letter, digit, punctuation mark or symbol: something a reader can see.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Why `value` cannot be stored and shown as the `field` of a user, or
 * `undefined` when it can: not a string, too long, a lone surrogate (it
 * would be stored as U+FFFD), a control or direction-override character, or
 * nothing visible at all.
 */
function textProblem(field: string, value: unknown, maxLength: number): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > maxLength) {
    return `${field} must be a non-empty string of at most ${maxLength} characters`;
  }
  if (!value.isWellFormed()) return `${field} must be valid Unicode (it has a lone surrogate)`;
  if (CONTROL.test(value)) return `${field} must not contain control characters`;
  if (BIDI_OVERRIDE.test(value)) {
    return `${field} must not contain direction embedding, override or isolate characters`;
  }
  if (!VISIBLE.test(value)) return `${field} must contain a visible character`;
  return undefined;
}

/**
 * A `PUT /users/{id}` body as a name and an email, or the message of a 400
 * answer. What is accepted is stored exactly as given (no trimming, no
 * normalisation), so the answer and every later read are the same text.
 */
export function parseUserInput(body: unknown): Omit<User, "id"> | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "Body must be a JSON object with name and email";
  }
  const { name, email } = body as Record<string, unknown>;
  const problem = textProblem("name", name, 200) ?? textProblem("email", email, 254);
  if (problem) return problem;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email as string)) return "email must be an email address";
  return { name: name as string, email: email as string };
}

/** A user as OrderService needs it from UserService. */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/**
 * Narrows a decoded JSON value to a {@linkcode User}: a positive integer `id`
 * and string `name` and `email`. Extra fields are allowed and ignored.
 *
 * @example
 * ```ts
 * isUser({ id: 1, name: "John Doe", email: "john.doe@example.com" }); // true
 * ```
 */
export function isUser(value: unknown): value is User {
  if (typeof value !== "object" || value === null) return false;
  const { id, name, email } = value as Record<string, unknown>;
  return Number.isSafeInteger(id) && (id as number) > 0 &&
    typeof name === "string" && typeof email === "string";
}

/**
 * The message of `error`, whatever was thrown: an `Error`'s message, or the
 * thrown value as a string.
 *
 * @example
 * ```ts
 * console.error(`Verification failed: ${messageOf(error)}`);
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of {@linkcode messageOf}`(error)`: for a summary line. */
export function firstLineOf(error: unknown): string {
  return messageOf(error).split("\n")[0];
}

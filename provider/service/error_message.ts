/**
 * The message of `error`, whatever was thrown: an `Error`'s message, or the
 * thrown value as a string. UserService's own, so that the service depends on
 * nothing outside `provider/` (the tools and tests use `tooling/error_message.ts`).
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

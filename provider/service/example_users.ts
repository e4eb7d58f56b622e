import type { User } from "./store/user_store.ts";

/**
 * The users of the original example: `deno task start` writes them into a
 * database it creates, never into one that exists.
 */
export const EXAMPLE_USERS: readonly Readonly<User>[] = Object.freeze([
  Object.freeze({ id: 1, name: "John Doe", email: "john.doe@example.com" }),
  Object.freeze({ id: 2, name: "Jane Smith", email: "jane.smith@example.com" }),
]);

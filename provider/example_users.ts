import type { User, UserStore } from "./user_store.ts";

/** The users of the original example, served by `deno task start`. */
export const EXAMPLE_USERS: readonly Readonly<User>[] = Object.freeze([
  Object.freeze({ id: 1, name: "John Doe", email: "john.doe@example.com" }),
  Object.freeze({ id: 2, name: "Jane Smith", email: "jane.smith@example.com" }),
]);

/** Writes {@linkcode EXAMPLE_USERS} into `store`, replacing users with the same ids. */
export async function seedExampleUsers(store: UserStore): Promise<void> {
  for (const user of EXAMPLE_USERS) await store.put({ ...user });
}

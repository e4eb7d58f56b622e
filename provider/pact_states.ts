/**
 * The provider states UserService's consumers name in their pacts, as
 * pact-js state handlers. Each one writes through the same store (the same
 * database file) that the UserService process under test reads, and its
 * teardown undoes what its setup wrote.
 *
 * @module
 */
import type { VerifierOptions } from "@pact-foundation/pact";
import { EXAMPLE_USERS } from "./service/example_users.ts";
import type { User, UserStore } from "./service/store/user_store.ts";

/** pact-js's map from a provider state's name to its setup and teardown. */
export type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

/** The `id` a state names: a positive integer, or the state cannot be set up. */
function userId(params: unknown): number {
  const id = (params as { id?: unknown } | undefined)?.id;
  if (!Number.isSafeInteger(id) || (id as number) < 1) {
    throw new TypeError(`The state needs a positive integer "id", got ${JSON.stringify(id)}`);
  }
  return id as number;
}

/** The example user with `id` (1 John Doe, 2 Jane Smith), or a made-up one. */
function userWithId(id: number): User {
  const known = EXAMPLE_USERS.find((user) => user.id === id);
  return known ? { ...known } : { id, name: `User ${id}`, email: `user${id}@example.com` };
}

/** The state handlers of UserService's pacts, writing through `store`. */
export function stateHandlers(store: UserStore): StateHandlers {
  const userExists = {
    setup: async (params: unknown) => void await store.put(userWithId(userId(params))),
    teardown: async (params: unknown) => void await store.delete(userId(params)),
  };
  const userDoesNotExist = async (params: unknown) => void await store.delete(userId(params));
  // Users "a user exists" created, for its teardown.
  const created: number[] = [];
  return {
    "user with id 1 exists": userExists,
    "user with id 2 exists": userExists,
    "user with id 3 does not exist": userDoesNotExist,
    "user with id 99 does not exist": userDoesNotExist,
    "a user exists": {
      // The store picks the id; the interaction reads it with fromProviderState("${id}").
      setup: async () => {
        const user = await store.create({ name: "Ada Lovelace", email: "ada@example.com" });
        created.push(user.id);
        return { id: user.id };
      },
      teardown: async () => {
        for (const id of created.splice(0)) await store.delete(id);
      },
    },
  };
}

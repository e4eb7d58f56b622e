import type { VerifierOptions } from "@pact-foundation/pact";
import { EXAMPLE_USERS } from "../example_users.ts";
import type { User, UserStore } from "../user_store.ts";

/** pact-js's map from a provider state's name to its setup and teardown. */
export type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

/** The `id` parameter of a provider state, checked. */
function idParam(params: unknown): number {
  const id = (params as { id?: unknown } | undefined)?.id;
  if (!Number.isSafeInteger(id) || (id as number) <= 0) {
    throw new TypeError(`Provider state needs a positive integer "id", got ${JSON.stringify(id)}`);
  }
  return id as number;
}

/** The example user with `id`, or a made-up one for any other id. */
function userWithId(id: number): User {
  const known = EXAMPLE_USERS.find((user) => user.id === id);
  return known ? { ...known } : { id, name: `User ${id}`, email: `user${id}@example.com` };
}

/**
 * The provider states of UserService's contracts. Each one writes through
 * `store`, the same store (or database file) the provider under test reads, and
 * its teardown undoes what its setup did.
 */
export function userStateHandlers(store: UserStore): StateHandlers {
  return {
    "user with id 1 exists": {
      setup: async (params) => void await store.put(userWithId(idParam(params))),
      teardown: async (params) => void await store.delete(idParam(params)),
    },
    "user with id 99 does not exist": {
      setup: async (params) => void await store.delete(idParam(params)),
    },
  };
}

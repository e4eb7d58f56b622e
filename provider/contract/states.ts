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
  const userExists = {
    setup: async (params: unknown) => void await store.put(userWithId(idParam(params))),
    teardown: async (params: unknown) => void await store.delete(idParam(params)),
  };
  const userDoesNotExist = {
    setup: async (params: unknown) => void await store.delete(idParam(params)),
  };
  // Ids this handler set created, for its teardown; one set per verification run.
  const created: number[] = [];
  return {
    "user with id 1 exists": userExists,
    "user with id 2 exists": userExists,
    "user with id 3 does not exist": userDoesNotExist,
    "user with id 99 does not exist": userDoesNotExist,
    "a user exists": {
      // The store picks the id; the interaction reads it through fromProviderState("${id}").
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

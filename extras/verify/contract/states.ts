import type { VerifierOptions } from "@pact-foundation/pact";
import { EXAMPLE_USERS } from "../../../provider/service/example_users.ts";
import type { User, UserStore } from "../../../provider/service/store/user_store.ts";

/** pact-js's map from a provider state's name to its setup and teardown. */
export type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

/** What a setup may return for `fromProviderState`: JSON values by name. */
type StateValues = Record<string, string | number | boolean | null>;

/** A provider state UserService knows how to set up. */
export interface ProviderState {
  /** Why `params` cannot be used, or `undefined` when they can. */
  check(params: Record<string, unknown>): string | undefined;
  /** Writes what the interaction needs; may return values for `fromProviderState`. */
  setup(params: Record<string, unknown>): Promise<StateValues | void>;
  /** Undoes the setup. */
  teardown?(params: Record<string, unknown>): Promise<void>;
}

/** Why `params.id` is not a user id, or `undefined`. */
function checkId(params: Record<string, unknown>): string | undefined {
  const { id } = params;
  return Number.isSafeInteger(id) && (id as number) > 0
    ? undefined
    : `needs a positive integer "id", got ${JSON.stringify(id)}`;
}

/** The example user with `id`, or a made-up one for any other id. */
function userWithId(id: number): User {
  const known = EXAMPLE_USERS.find((user) => user.id === id);
  return known ? { ...known } : { id, name: `User ${id}`, email: `user${id}@example.com` };
}

/**
 * The provider states of UserService's contracts, by name. Each one writes
 * through `store`, the same store (or database file) the provider under test
 * reads, and its teardown undoes what its setup did.
 */
export function userStates(store: UserStore): Record<string, ProviderState> {
  const userExists: ProviderState = {
    check: checkId,
    setup: async ({ id }) => void await store.put(userWithId(id as number)),
    teardown: async ({ id }) => void await store.delete(id as number),
  };
  const userDoesNotExist: ProviderState = {
    check: checkId,
    setup: async ({ id }) => void await store.delete(id as number),
  };
  // Ids this state created, for its teardown; one list per verification run.
  const created: number[] = [];
  return {
    "user with id 1 exists": userExists,
    "user with id 2 exists": userExists,
    "user with id 3 does not exist": userDoesNotExist,
    "user with id 99 does not exist": userDoesNotExist,
    "a user exists": {
      check: () => undefined,
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

/** A failure without a stack trace: pact-js prints the stack of a state handler's error. */
function failure(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * {@linkcode userStates} as pact-js state handlers. pact-js only logs a state
 * handler that fails, or a state with no handler, and verifies on: an
 * interaction whose data happens to be there would pass. So each failure is
 * also given to `onFailure`, for the verification to fail on it afterwards.
 */
export function userStateHandlers(
  store: UserStore,
  onFailure: (message: string) => void = () => {},
): StateHandlers {
  const states = userStates(store);
  const handlers: StateHandlers = {};
  const fail = (message: string) => {
    onFailure(message);
    return Promise.reject(failure(message));
  };
  for (const [name, state] of Object.entries(states)) {
    const run = async (step: "setup" | "teardown", params: unknown) => {
      const values = (params ?? {}) as Record<string, unknown>;
      const problem = state.check(values);
      if (problem) return fail(`Provider state "${name}" ${problem}`);
      try {
        return (step === "setup" ? await state.setup(values) : await state.teardown?.(values)) ??
          undefined;
      } catch (error) {
        return fail(`Provider state "${name}" ${step} failed: ${(error as Error)?.message}`);
      }
    };
    handlers[name] = {
      setup: (params) => run("setup", params),
      teardown: async (params) => void await run("teardown", params),
    };
  }
  return new Proxy(handlers, {
    get(target, name) {
      if (typeof name !== "string" || name in target) return Reflect.get(target, name);
      return { setup: () => fail(`Provider state "${name}" has no handler`) };
    },
  });
}

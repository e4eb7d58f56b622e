import type { VerifierOptions } from "@pact-foundation/pact";
import type { EventLog, UserStore } from "../../../provider/service/store/user_store.ts";

/** pact-js's map from a message's description to the function that produces it. */
export type MessageProviders = NonNullable<VerifierOptions["messageProviders"]>;

/** What the message providers need from the provider under test. */
export interface MessageProviderOptions {
  /** The running provider. */
  providerBaseUrl: string | URL;
  /** A token it accepts. */
  token: string;
  /** The store it reads; the provider states seeded it. */
  store: UserStore;
  /** The events it announced (the same database file, or the same store in process). */
  events: EventLog;
}

/** The id of the one user the provider state seeded for a message. */
function stateUserId(descriptor: { providerStates?: { params?: Record<string, unknown> }[] }) {
  const id = descriptor.providerStates?.[0]?.params?.id;
  if (typeof id !== "number") throw new TypeError("The message's provider state names no user id");
  return id;
}

/**
 * The messages of UserService's contracts, produced the way the service
 * produces them: each asks the running provider to change the user the
 * provider state seeded (`PUT` or `DELETE /users/{id}`), then returns the
 * event the service wrote to its outbox, with its metadata. The contract thus
 * checks the events the service really announces, built by `events.ts`.
 */
export function userMessageProviders(options: MessageProviderOptions): MessageProviders {
  const { providerBaseUrl, token, store, events } = options;

  async function eventOf(method: "PUT" | "DELETE", id: number, body?: unknown) {
    const before = await events.lastEventSeq();
    const response = await fetch(new URL(`/users/${id}`, providerBaseUrl), {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${method} /users/${id} answered ${response.status}`);
    const announced = await events.eventsAfter(before);
    if (announced.length !== 1) {
      throw new Error(`Expected one event, the outbox has ${announced.length}`);
    }
    const [{ contents, metadata }] = announced;
    return { __pactMessageMetadata: metadata, message: contents };
  }

  return {
    "a user.updated event": async (descriptor) => {
      const id = stateUserId(descriptor);
      const user = await store.get(id);
      if (!user) throw new Error(`The provider state did not seed user "${id}"`);
      return await eventOf("PUT", id, { name: `${user.name} Jr.`, email: user.email });
    },
    "a user.deleted event": async (descriptor) => await eventOf("DELETE", stateUserId(descriptor)),
  };
}

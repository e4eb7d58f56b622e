/**
 * The messages UserService's consumers expect, produced the way UserService
 * produces them: each asks the running UserService to change the user the
 * provider state seeded (`PUT` or `DELETE /users/{id}`), then returns the
 * event the service wrote to its outbox in the same transaction, with its
 * metadata. The pact thus checks the events UserService really announces.
 *
 * @module
 */
import type { VerifierOptions } from "@pact-foundation/pact";
import type { EventLog, UserStore } from "./service/store/user_store.ts";

/** pact-js's map from a message's description to the function that produces it. */
export type MessageProviders = NonNullable<VerifierOptions["messageProviders"]>;

/** The UserService process under test, as the message providers reach it. */
export interface MessageSource {
  /** Where it listens. */
  providerBaseUrl: string | URL;
  /** A token it accepts. */
  token: string;
  /** The database it reads and writes: the users the states seeded, the events it wrote. */
  store: UserStore & EventLog;
}

/** The user id the message's provider state seeded. */
function seededUserId(descriptor: { providerStates?: { params?: Record<string, unknown> }[] }) {
  const id = descriptor.providerStates?.[0]?.params?.id;
  if (typeof id !== "number") throw new TypeError("The message's provider state names no user id");
  return id;
}

/** The message providers of UserService's pacts. */
export function messageProviders(
  { providerBaseUrl, token, store }: MessageSource,
): MessageProviders {
  /** Sends the change to UserService; resolves to the one event it announced, with its metadata. */
  async function eventOf(method: "PUT" | "DELETE", id: number, body?: unknown) {
    const before = await store.lastEventSeq();
    const response = await fetch(new URL(`/users/${id}`, providerBaseUrl), {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${method} /users/${id} answered ${response.status}`);
    const announced = await store.eventsAfter(before);
    if (announced.length !== 1) {
      throw new Error(`Expected one event, the outbox has ${announced.length}`);
    }
    const [{ contents, metadata }] = announced;
    // The shape pact-js's providerWithMetadata() makes: the message and its metadata.
    return { __pactMessageMetadata: metadata, message: contents };
  }

  return {
    "a user.updated event": async (descriptor) => {
      const id = seededUserId(descriptor);
      const user = await store.get(id);
      if (!user) throw new Error(`The provider state did not seed user "${id}"`);
      return await eventOf("PUT", id, { name: `${user.name} Jr.`, email: user.email });
    },
    "a user.deleted event": async (descriptor) => await eventOf("DELETE", seededUserId(descriptor)),
  };
}

import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import type { Publisher } from "./dispatcher.ts";
import { type StoredEvent, USER_EVENTS_STREAM } from "./user_events.ts";

/** How long JetStream drops a second publish of the same `Nats-Msg-Id`: two minutes. */
export const DUPLICATE_WINDOW_MS = 120_000;

/** Options of {@linkcode jetStreamPublisher}. */
export interface JetStreamPublisherOptions {
  /** How long one publish may wait for JetStream's acknowledgement; default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Makes sure the stream of UserService's events exists: `USERS`, subjects
 * `users.>`, kept on disk, duplicates dropped within {@linkcode DUPLICATE_WINDOW_MS}.
 */
export async function ensureUserEventsStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: USER_EVENTS_STREAM.name,
    subjects: [...USER_EVENTS_STREAM.subjects],
    duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000, // nanoseconds
  };
  try {
    await jsm.streams.info(config.name);
  } catch {
    await jsm.streams.add(config);
  }
}

/**
 * A {@linkcode Publisher} to NATS JetStream at `url`: each event goes to its
 * subject (`users.updated`, `users.deleted`) with `Content-Type:
 * application/json` and its id as `Nats-Msg-Id`, and a publish resolves once
 * JetStream has stored it. It connects on the first publish and again after
 * the broker went away, so that a service can start, and take writes, while
 * the broker is down: its events wait in the outbox.
 */
export function jetStreamPublisher(
  url: string,
  options: JetStreamPublisherOptions = {},
): Publisher {
  const timeout = options.timeoutMs ?? 5000;
  let connection: Promise<NatsConnection> | undefined;

  function connected(): Promise<NatsConnection> {
    connection ??= (async () => {
      const nc = await connect({ servers: url, reconnect: true, maxReconnectAttempts: -1 });
      try {
        await ensureUserEventsStream(nc);
      } catch (error) {
        await nc.close();
        throw error;
      }
      void nc.closed().then(() => (connection = undefined));
      return nc;
    })().catch((error) => {
      connection = undefined;
      throw error;
    });
    return connection;
  }

  return {
    async publish(event: StoredEvent): Promise<void> {
      const nc = await connected();
      const h = headers();
      h.set("Content-Type", event.metadata.contentType);
      await jetstream(nc).publish(event.metadata.subject, JSON.stringify(event.contents), {
        msgID: event.contents.id,
        headers: h,
        timeout,
      });
    },
    async close(): Promise<void> {
      const nc = await connection?.catch(() => undefined);
      connection = undefined;
      await nc?.drain().catch(() => nc.close());
    },
  };
}

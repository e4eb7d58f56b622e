import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { InvalidEventError } from "./errors.ts";
import type { NotificationService } from "./notification_service.ts";

/** NotificationService's durable JetStream consumer: its own name, the deletions only. */
export const DELETIONS = {
  stream: "USERS",
  subject: "users.deleted",
  durableName: "notification-service",
} as const;

/** Options of {@linkcode subscribeToDeletions}. */
export interface DeletionSubscriptionOptions {
  /** NATS with JetStream: `nats://127.0.0.1:4222`. */
  natsUrl: string;
  /** The NotificationService that records each deletion in its own store. */
  notices: NotificationService;
  /** How long JetStream waits for an acknowledgement before it delivers again; default 30 000 ms. */
  ackWaitMs?: number;
  /** Told about each deletion applied (or seen already). */
  onDeletion?: (
    deletion: { userId: number; applied: boolean; eventId: string; version: number },
  ) => void;
  /** Told about a message refused or to be retried; default `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * Subscribes NotificationService to UserService's `user.deleted` events with
 * a durable JetStream consumer of its own (`notification-service`, on
 * `users.deleted` alone). Each message is applied, by version, in
 * NotificationService's own store, and acknowledged only after that commit;
 * a message that is not such an event is terminated, any other failure
 * retried a second later. Dispose to stop after the message in hand.
 *
 * @example
 * ```ts
 * await using subscription = await subscribeToDeletions({ natsUrl, notices });
 * ```
 */
export async function subscribeToDeletions(
  options: DeletionSubscriptionOptions,
): Promise<AsyncDisposable> {
  const { notices, onDeletion = () => {} } = options;
  const onError = options.onError ?? ((error) => console.error(error));
  const nc = await connect({ servers: options.natsUrl, reconnect: true, maxReconnectAttempts: -1 });
  let messages;
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.info(DELETIONS.stream, DELETIONS.durableName).catch(() =>
      jsm.consumers.add(DELETIONS.stream, {
        durable_name: DELETIONS.durableName,
        filter_subject: DELETIONS.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000, // nanoseconds
      })
    );
    const consumer = await jetstream(nc).consumers.get(DELETIONS.stream, DELETIONS.durableName);
    messages = await consumer.consume({ max_messages: 100 });
  } catch (error) {
    await nc.close();
    throw error;
  }
  const consumed = messages;
  const done = (async () => {
    for await (const message of consumed) {
      let deletion;
      try {
        let contents: unknown;
        try {
          contents = message.json();
        } catch {
          throw new InvalidEventError(`The message on "${message.subject}" is not JSON`);
        }
        const metadata = {
          subject: message.subject,
          contentType: message.headers?.get("Content-Type"),
        };
        const { userId, applied } = notices.handleUserDeleted({ metadata, contents });
        message.ack(); // after the commit
        const { id: eventId, version } = contents as { id: string; version: number };
        deletion = { userId, applied, eventId, version };
      } catch (error) {
        if (error instanceof InvalidEventError) message.term(error.message);
        else message.nak(1000);
        onError(error);
        continue;
      }
      onDeletion(deletion); // outside the try: the message is acknowledged already
    }
  })();
  return {
    async [Symbol.asyncDispose]() {
      await consumed.close();
      await done;
      await nc.drain().catch(() => nc.close());
    },
  };
}

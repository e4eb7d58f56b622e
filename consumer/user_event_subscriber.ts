import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { JsMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { InvalidUserEventError } from "./errors.ts";
import type { OrderService } from "./order_service.ts";
import type { ChangeOutcome } from "./sqlite_order_store.ts";
import type { UserMessage } from "./user_events.ts";

/**
 * Where UserService's events are, as its AsyncAPI document describes them:
 * the JetStream stream `USERS` and its subjects `users.>`.
 */
export const USER_EVENTS = { stream: "USERS", subjects: "users.>" } as const;

/** The durable consumer OrderService reads the stream with, by default. */
export const DURABLE_NAME = "order-service";

/** Options of {@linkcode subscribeToUserEvents}. */
export interface SubscribeOptions {
  /** NATS with JetStream: `nats://127.0.0.1:4222`. */
  natsUrl: string;
  /** The OrderService that applies each event to its own store. */
  orders: OrderService;
  /** The durable consumer's name; several subscribers with one name share its messages. */
  durableName?: string;
  /**
   * How long JetStream waits for an acknowledgement before it delivers a
   * message again, set when the durable consumer is made; default 30 000 ms.
   */
  ackWaitMs?: number;
  /** Told about each event handled: what it was, and what applying it did. */
  onEvent?: (event: HandledEvent) => void;
  /** Told about a message refused (not a user event) or to be retried; default `console.error`. */
  onError?: (error: unknown, message: { subject: string; seq: number }) => void;
}

/** An event the subscriber handled. */
export interface HandledEvent {
  /** The subject it came on. */
  subject: string;
  /** Its position in the stream. */
  streamSeq: number;
  /** How often JetStream has delivered it (1 the first time). */
  deliveries: number;
  /** Its decoded body. */
  contents: { id: string; event: string; version: number; user?: { id: number }; userId?: number };
  /** What OrderService did with it. */
  outcome: ChangeOutcome;
}

/** A running subscription; stop it to let go after the message in hand. */
export interface Subscription extends AsyncDisposable {
  /** Stops taking messages, finishes the one in hand, and closes the connection. */
  stop(): Promise<void>;
}

/** The message as OrderService reads it: subject and content type as metadata, the body decoded. */
function toUserMessage(message: JsMsg): UserMessage {
  let contents: unknown;
  try {
    contents = message.json();
  } catch {
    throw new InvalidUserEventError(`The message on "${message.subject}" is not JSON`);
  }
  return {
    metadata: { subject: message.subject, contentType: message.headers?.get("Content-Type") },
    contents,
  };
}

/** Makes the durable consumer if it is not there yet: every event, acknowledged one by one. */
async function ensureConsumer(
  nc: NatsConnection,
  durableName: string,
  ackWaitMs: number,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(USER_EVENTS.stream, durableName);
  } catch {
    await jsm.consumers.add(USER_EVENTS.stream, {
      durable_name: durableName,
      filter_subject: USER_EVENTS.subjects,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWaitMs * 1_000_000, // in nanoseconds: then JetStream delivers it again
    });
  }
}

/**
 * Subscribes OrderService to UserService's events with a durable JetStream
 * consumer. Each message is applied through
 * {@linkcode OrderService.handleUserEvent}, which commits it with the user's
 * version in one transaction of OrderService's own store, and is acknowledged
 * only after that commit. So a crash before the ack means a redelivery, which
 * the version makes harmless, and nothing is lost; a version seen already or
 * an older one changes nothing. A message that is not a user event is
 * terminated (never delivered again) and reported; any other failure (the
 * order store busy) asks for a redelivery a second later. Resolves once the
 * consumer exists; the stream must exist (UserService makes it).
 *
 * @example
 * ```ts
 * await using subscription = await subscribeToUserEvents({ natsUrl, orders });
 * ```
 */
export async function subscribeToUserEvents(options: SubscribeOptions): Promise<Subscription> {
  const { orders, onEvent = () => {}, durableName = DURABLE_NAME } = options;
  const onError = options.onError ?? ((error) => console.error(error));
  const nc = await connect({ servers: options.natsUrl, reconnect: true, maxReconnectAttempts: -1 });
  try {
    await ensureConsumer(nc, durableName, options.ackWaitMs ?? 30_000);
  } catch (error) {
    await nc.close();
    throw error;
  }
  const consumer = await jetstream(nc).consumers.get(USER_EVENTS.stream, durableName);
  const messages = await consumer.consume({ max_messages: 100 });
  const done = (async () => {
    for await (const message of messages) {
      const where = { subject: message.subject, seq: message.seq };
      try {
        const delivered = toUserMessage(message);
        const outcome = await orders.handleUserEvent(delivered);
        message.ack(); // after the commit
        onEvent({
          subject: message.subject,
          streamSeq: message.seq,
          deliveries: message.info.deliveryCount,
          contents: delivered.contents as HandledEvent["contents"],
          outcome,
        });
      } catch (error) {
        if (error instanceof InvalidUserEventError) message.term(error.message);
        else message.nak(1000);
        onError(error, where);
      }
    }
  })();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      await messages.close();
      await done;
      await nc.drain().catch(() => nc.close());
    })();
  return { stop, [Symbol.asyncDispose]: stop };
}

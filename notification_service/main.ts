/**
 * NotificationService's event subscriber as a process: it records each
 * `user.deleted` event in its own store (`NOTICES_DB`, default `notices.db`),
 * read from NATS JetStream (`NATS_URL`) with its own durable consumer, so
 * that no notice goes to a deleted user. SIGINT or SIGTERM stops it after the
 * message in hand.
 *
 * @module
 */
import process from "node:process";
import { NotificationService } from "./notification_service.ts";
import { RecipientClient } from "./recipient_client.ts";
import { DELETIONS, subscribeToDeletions } from "./deletion_subscriber.ts";
import { SuppressionStore } from "./suppression_store.ts";

const env = process.env;
try {
  if (!env.NATS_URL) throw new Error("NATS_URL is not set: where are UserService's events?");
  using store = new SuppressionStore(env.NOTICES_DB ?? "notices.db");
  const recipients = new RecipientClient(env.USER_SERVICE_URL ?? "http://127.0.0.1:8000", {
    token: env.USER_SERVICE_TOKEN,
  });
  const mailer = {
    send: (notice: { to: string; text: string }) =>
      Promise.resolve(console.log(`NotificationService sent to ${notice.to}: ${notice.text}`)),
  };
  const notices = new NotificationService(recipients, store, mailer);
  await using _subscription = await subscribeToDeletions({
    natsUrl: env.NATS_URL,
    notices,
    ackWaitMs: env.ACK_WAIT_MS ? Number(env.ACK_WAIT_MS) : undefined,
    onDeletion: ({ userId, applied, eventId, version }) =>
      console.log(
        applied
          ? `NotificationService suppressed notices to user ${userId} (user.deleted v${version}, event ${eventId})`
          : `NotificationService ignored user.deleted v${version} of user ${userId} (seen already)`,
      ),
  });
  console.log(
    `NotificationService subscribed to ${DELETIONS.subject} as ${DELETIONS.durableName}`,
  );
  await new Promise<void>((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
  });
} catch (error) {
  console.error(`NotificationService failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}

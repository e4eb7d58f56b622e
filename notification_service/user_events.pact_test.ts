/**
 * NotificationService's Pact test for the `user.deleted` event UserService
 * publishes: once a user is deleted, no notice may go to them.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NotificationService } from "./notification_service.ts";
import { SuppressionStore } from "./suppression_store.ts";
import type { DeliveredMessage } from "./user_deleted.ts";
import { userServicePact } from "./user_service_pact.ts";

const { integer, like } = MatchersV3;

/** A message as Pact hands it to the test. */
interface PactMessage {
  contents: { content: unknown };
  metadata?: Record<string, unknown>;
}

/** The message as a broker delivers it: metadata and the decoded body. */
function delivered(message: PactMessage): DeliveredMessage {
  return { metadata: message.metadata ?? {}, contents: message.contents.content };
}

describe("NotificationService ← UserService events", () => {
  const pact = userServicePact();

  it("sends no notice to a user once UserService deleted them", async () => {
    await pact
      .addAsynchronousInteraction()
      .given("user with id 1 exists", { id: 1 })
      .reference("AsyncAPI", "operationId", "userDeleted")
      .expectsToReceive("a user.deleted event", (message) =>
        message
          .withJSONContent({
            id: like("0d4a1b3e-5f6a-4c8d-9e0f-1a2b3c4d5e6f"),
            event: "user.deleted",
            version: integer(3),
            userId: integer(1),
          })
          .withMetadata({ subject: "users.deleted", contentType: "application/json" }))
      .executeTest(async (message) => {
        using store = new SuppressionStore(":memory:");
        // A suppressed user is not even looked up.
        const nobody = { recipient: () => Promise.reject(new Error("no lookup expected")) };
        const mailer = { send: () => Promise.reject(new Error("no notice expected")) };
        const notices = new NotificationService(nobody, store, mailer);
        const event = delivered(message);
        assert.deepEqual(notices.handleUserDeleted(event), { applied: true, userId: 1 });
        assert.deepEqual(await notices.notify(1, "Your order has shipped"), {
          sent: false,
          reason: "suppressed",
        });
        // Delivered again (a broker delivers at least once): the same version changes nothing.
        assert.deepEqual(notices.handleUserDeleted(event), { applied: false, userId: 1 });
        const { id, version } = event.contents as { id: string; version: number };
        assert.deepEqual(store.suppressed(), [{ userId: 1, eventId: id, version }]);
      });
  });
});

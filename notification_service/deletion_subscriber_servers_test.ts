/**
 * NotificationService's subscriber against a real NATS JetStream (Debian's
 * nats-server). The test publishes as UserService's AsyncAPI document says
 * it does: stream USERS, subjects users.updated and users.deleted, JSON.
 * Without nats-server it fails, saying so.
 *
 * @module
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually } from "../tooling/eventually.ts";
import { startNatsServer } from "../tooling/nats_server.ts";
import { DELETIONS, subscribeToDeletions } from "./deletion_subscriber.ts";
import { NotificationService } from "./notification_service.ts";
import { SuppressionStore } from "./suppression_store.ts";

test("the deletions reach NotificationService's own store once; other events are not its", async () => {
  await using nats = await startNatsServer();
  const nc = await connect({ servers: nats.url });
  try {
    await (await jetstreamManager(nc)).streams.add({
      name: DELETIONS.stream,
      subjects: ["users.>"],
    });
    const js = jetstream(nc);
    const publish = (subject: string, body: unknown) => {
      const h = headers();
      h.set("Content-Type", "application/json");
      return js.publish(subject, JSON.stringify(body), { headers: h });
    };
    await publish("users.updated", {
      id: "u2",
      event: "user.updated",
      version: 2,
      user: { id: 1, name: "J", email: "j@example.com" },
    });
    await publish("users.deleted", { id: "d3", event: "user.deleted", version: 3, userId: 1 });
    await publish("users.deleted", { id: "d3", event: "user.deleted", version: 3, userId: 1 }); // again
    using store = new SuppressionStore(":memory:");
    const notices = new NotificationService(
      { recipient: () => Promise.reject(new Error("no lookup")) },
      store,
      {
        send: () => Promise.reject(new Error("no notice")),
      },
    );
    const seen: { userId: number; applied: boolean }[] = [];
    const errors: unknown[] = [];
    {
      await using _subscription = await subscribeToDeletions({
        natsUrl: nats.url,
        notices,
        onDeletion: ({ userId, applied }) => seen.push({ userId, applied }),
        onError: (error) => errors.push(error),
      });
      await eventually(() => `2 deletions seen; ${seen.length} were`, () => seen.length >= 2);
    }
    assert.deepEqual(seen, [{ userId: 1, applied: true }, { userId: 1, applied: false }]);
    assert.deepEqual(store.suppressed(), [{ userId: 1, eventId: "d3", version: 3 }]);
    // The user.updated never reached it: its consumer takes users.deleted alone.
    assert.deepEqual(errors, []);
    const info = await (await jetstreamManager(nc)).consumers.info(
      DELETIONS.stream,
      DELETIONS.durableName,
    );
    assert.equal(info.config.filter_subject, "users.deleted");
    assert.equal(info.delivered.stream_seq, 3, "it was handed the stream's last message");
  } finally {
    await nc.close();
  }
});

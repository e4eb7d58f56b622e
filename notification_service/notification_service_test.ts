import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidEventError, RecipientNotFoundError, UserServiceError } from "./errors.ts";
import { type Notice, NotificationService } from "./notification_service.ts";
import { SuppressionStore } from "./suppression_store.ts";

const john = { id: 1, email: "john.doe@example.com" };
const deleted = (userId: number, version: number, metadata = {}) => ({
  metadata: { subject: "users.deleted", contentType: "application/json", ...metadata },
  contents: { id: `e${version}`, event: "user.deleted", version, userId },
});

/** NotificationService over `lookup`, with the notices its mailer was given. */
function service(lookup: (id: number) => Promise<typeof john>) {
  const store = new SuppressionStore(":memory:");
  const sent: Notice[] = [];
  const mailer = { send: (notice: Notice) => Promise.resolve(void sent.push(notice)) };
  const notices = new NotificationService({ recipient: lookup }, store, mailer);
  return { notices, sent, store, [Symbol.dispose]: () => store.close() };
}

test("notify(): to the recipient's email; nothing to an unknown user", async () => {
  using s = service((id) =>
    id === 1 ? Promise.resolve(john) : Promise.reject(new RecipientNotFoundError(id))
  );
  assert.deepEqual(await s.notices.notify(1, "hi"), { sent: true, to: john.email });
  assert.deepEqual(await s.notices.notify(2, "hi"), { sent: false, reason: "unknown user" });
  assert.deepEqual(s.sent, [{ userId: 1, to: john.email, text: "hi" }]);
});

test("notify(): a UserService failure rejects and sends nothing", async () => {
  using s = service(() => Promise.reject(new UserServiceError("down")));
  await assert.rejects(s.notices.notify(1, "hi"), UserServiceError);
  assert.deepEqual(s.sent, []);
});

test("a deleted user gets no notice, and UserService is not asked", async () => {
  let asked = 0;
  using s = service(() => (asked++, Promise.resolve(john)));
  assert.deepEqual(s.notices.handleUserDeleted(deleted(1, 3)), { applied: true, userId: 1 });
  assert.deepEqual(await s.notices.notify(1, "hi"), { sent: false, reason: "suppressed" });
  assert.equal(asked, 0);
});

test("handleUserDeleted(): anything but a user.deleted event on users.deleted, as JSON, is refused", () => {
  using s = service(() => Promise.resolve(john));
  const refused = [
    deleted(1, 3, { subject: "users.updated" }),
    deleted(1, 3, { contentType: "text/plain" }),
    { ...deleted(1, 3), contents: { id: "e1", event: "user.updated", version: 3, userId: 1 } },
    { ...deleted(1, 3), contents: { id: "e1", event: "user.deleted", version: "3", userId: 1 } },
    { ...deleted(1, 3), contents: { event: "user.deleted", version: 3, userId: 1 } },
    { ...deleted(1, 3), contents: { id: "e1", event: "user.deleted", version: 3 } },
  ];
  for (const message of refused) {
    assert.throws(() => s.notices.handleUserDeleted(message), InvalidEventError);
  }
  assert.deepEqual(s.store.suppressed(), []);
});

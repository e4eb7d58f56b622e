import assert from "node:assert/strict";
import { test } from "node:test";
import { userDeleted, userUpdated } from "./events.ts";
import { SqliteOutbox } from "./sqlite_outbox.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

test("SqliteOutbox keeps events in order, with their metadata", async () => {
  using outbox = new SqliteOutbox(":memory:");
  assert.equal(await outbox.lastSeq(), 0);
  await outbox.append(userUpdated(john));
  await outbox.append(userDeleted(1));
  const events = await outbox.after();
  assert.deepEqual(events.map((e) => e.seq), [1, 2]);
  assert.deepEqual(events[0].contents, { event: "user.updated", user: john });
  assert.deepEqual(events[1].metadata, {
    topic: "users",
    contentType: "application/json",
    eventType: "user.deleted",
  });
  assert.equal(await outbox.lastSeq(), 2);
  assert.deepEqual((await outbox.after(1)).map((e) => e.seq), [2]);
  assert.deepEqual((await outbox.after(0, 1)).map((e) => e.seq), [1], "limit");
});

/**
 * A test fixture: the outbox dispatcher as a process of its own, over the
 * SQLite file `USERS_DB` and the broker at `NATS_URL`, relaying until the
 * outbox holds nothing unsent. With `KILL_AFTER=n` it kills itself with
 * SIGKILL right after the broker acknowledged the `n`th event, before that
 * event is marked sent: a crash between the publish and the mark.
 *
 * @module
 */
import process from "node:process";
import { OutboxDispatcher } from "../service/events/dispatcher.ts";
import { jetStreamPublisher } from "../service/events/jetstream_publisher.ts";
import { SqliteUserStore } from "../service/store/sqlite_user_store.ts";

const killAfter = Number(process.env.KILL_AFTER ?? 0);
using store = new SqliteUserStore(process.env.USERS_DB!);
const publisher = jetStreamPublisher(process.env.NATS_URL!);
let published = 0;
const dispatcher = new OutboxDispatcher({
  outbox: store,
  publisher,
  afterPublish(event) {
    console.log(`published ${event.contents.id}`);
    if (++published === killAfter) process.kill(process.pid, "SIGKILL");
  },
});
while (await dispatcher.dispatchOnce() > 0);
await publisher.close();
console.log("nothing left to send");

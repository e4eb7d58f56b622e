import { createApp, type Handler } from "./app.ts";
import type { Config } from "../config.ts";
import { OutboxDispatcher } from "./events/dispatcher.ts";
import { EXAMPLE_USERS } from "./example_users.ts";
import { openStore } from "./store/open_store.ts";
import { messageOf } from "./error_message.ts";

/**
 * UserService's handler with the database it owns, and the dispatcher that
 * relays its events when `NATS_URL` is set; dispose to stop and close them.
 */
export interface UserService extends AsyncDisposable {
  /** The request handler to serve. */
  app: Handler;
  /** The token clients must send: the configured one, or one made up for this run. */
  token: string;
  /** Whether {@linkcode UserService.token} was made up (no `USER_SERVICE_TOKEN`). */
  tokenIsMadeUp: boolean;
  /** Where its events go: the broker's URL, or `undefined` (they stay in the outbox). */
  relaysTo: string | undefined;
}

/** Options of {@linkcode openUserService}. */
export interface OpenUserServiceOptions {
  /** Write the original example's users if the database is new (`--seed`). */
  seed?: boolean;
}

/**
 * Opens the store the configuration names (PostgreSQL with
 * `config.databaseUrl`, else the SQLite file `config.usersDb`: users and the
 * outbox of their events) and builds the handler over it: the runtime-neutral part of every entry point.
 * With `seed`, a database this creates starts with the example users; one that
 * exists is never rewritten. With `config.natsUrl`, a dispatcher relays every
 * committed event to NATS JetStream (`events/dispatcher.ts`), woken by each
 * change; if the broker is down, writes go on and their events wait.
 */
export async function openUserService(
  config: Config,
  options: OpenUserServiceOptions = {},
): Promise<UserService> {
  const store = await openStore(config, {
    initialUsers: options.seed ? EXAMPLE_USERS : [],
    lockWaitMs: config.lockWaitMs,
  });
  let dispatcher: OutboxDispatcher | undefined;
  let unwatch = () => {};
  if (config.natsUrl) {
    const { jetStreamPublisher } = await import("./events/jetstream_publisher.ts");
    const relay = new OutboxDispatcher({
      outbox: store,
      publisher: jetStreamPublisher(config.natsUrl),
      retentionMs: config.outboxRetentionMs,
      onError: (error) =>
        console.error(`UserService: events wait in the outbox (${messageOf(error)}); retrying`),
      onRecover: () => console.log("UserService: relaying events again"),
    });
    unwatch = store.watch(() => relay.wake());
    relay.start();
    dispatcher = relay;
  }
  const token = config.token ?? crypto.randomUUID();
  return {
    app: createApp({ store, token, bodyTimeoutMs: config.limits.requestTimeoutMs }),
    token,
    tokenIsMadeUp: config.token === undefined,
    relaysTo: config.natsUrl,
    async [Symbol.asyncDispose]() {
      unwatch();
      await dispatcher?.stop();
      await store[Symbol.asyncDispose]();
    },
  };
}

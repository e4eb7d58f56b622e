/**
 * UserService verified against the pact of every consumer in `pacts/`.
 *
 * UserService runs as its own process, from source, over a database of its
 * own. pact-js's Verifier replays each interaction against it: first the
 * provider state's handler writes what the interaction needs into that same
 * database (`pact_states.ts`), then the request is sent, or the message is
 * produced through the running service (`pact_messages.ts`), and what comes
 * back is compared with the pact.
 *
 * @module
 */
import { Verifier } from "@pact-foundation/pact";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { messageProviders } from "./pact_messages.ts";
import { stateHandlers } from "./pact_states.ts";
import { SqliteUserStore } from "./service/store/sqlite_user_store.ts";
import { startUserService, type UserServiceProcess } from "./user_service_process.ts";

const PACT_DIR = fileURLToPath(new URL("../pacts/", import.meta.url));

/** Every pact in `pacts/` whose provider is UserService. */
function userServicePacts(): string[] {
  return readdirSync(PACT_DIR)
    .filter((name) => name.endsWith("-UserService.json"))
    .map((name) => join(PACT_DIR, name));
}

test("UserService honours the pacts of its consumers", async () => {
  const dir = mkdtempSync(join(tmpdir(), "user-service-pact-"));
  const usersDb = join(dir, "users.db");
  const token = crypto.randomUUID();
  let store: SqliteUserStore | undefined;
  let userService: UserServiceProcess | undefined;
  try {
    // Thrown away afterwards, so commits need not wait for the disk.
    store = new SqliteUserStore(usersDb, { durable: false });
    userService = await startUserService({ usersDb, token });
    const providerBaseUrl = userService.url.origin;
    await new Verifier({
      provider: "UserService",
      providerBaseUrl,
      pactUrls: userServicePacts(),
      stateHandlers: stateHandlers(store),
      messageProviders: messageProviders({ providerBaseUrl, token, store }),
      // The pacts hold an example token: send one this UserService accepts instead.
      requestFilter: (request, _response, next) => {
        if (request.headers.authorization) request.headers.authorization = `Bearer ${token}`;
        next();
      },
      logLevel: "warn",
    }).verifyProvider();
  } finally {
    await userService?.stop();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

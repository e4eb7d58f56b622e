/**
 * An independent check of the shipped artifact.
 * The standalone `pact verifier` (npm `@pact-foundation/pact-cli`, not
 * pact-js) verifies a provider binary (default `dist/user-service-node`),
 * started as its own process with a fresh database, with provider states set
 * by the states server (`states_server.ts`) on that database.
 *
 * This verifier sends a fixed `Authorization` header on every request, so it
 * checks the interactions that carry credentials; the one without them (the
 * 401) and the messages are checked by pact-js in `deno task verify`.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { localPactFiles, PROVIDER_NAME } from "./pact_files.ts";
import { repoPath } from "../../tooling/repo.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { startStatesServer, STATES_SECRET_HEADER } from "./states_server.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** The interactions this verifier checks: every HTTP one that sends credentials. */
export const WITH_CREDENTIALS =
  "^a (batch )?request for (users? [0-9, and]+( only)?|100 users, the most one request may ask for|a user created by the provider state)$";

/**
 * Verifies the provider binary at `binary` with the standalone `pact
 * verifier` and the states server; resolves to the verifier's exit code.
 */
export async function verifyStandalone(binary: string): Promise<number> {
  if (!existsSync(binary)) {
    console.error(`No provider binary at "${binary}": run npm run compile first`);
    return 1;
  }
  const pact = repoPath("node_modules/.bin/pact");
  if (!existsSync(pact)) {
    console.error("The pact CLI is missing: run npm ci (it is @pact-foundation/pact-cli)");
    return 1;
  }
  const dirTemp = temporaryDir("user-service-standalone-");
  const dir = dirTemp.path;
  try {
    const usersDb = join(dir, "users.db");
    const token = crypto.randomUUID();
    const secret = crypto.randomUUID();
    await using states = await startStatesServer(usersDb, { secret });
    await using provider = await startProviderProcess(resolve(binary), {
      env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
    });
    const args = [
      "verifier",
      ...localPactFiles().flatMap((file) => ["--file", file]),
      "--provider-name",
      PROVIDER_NAME,
      "--hostname",
      provider.url.hostname,
      "--port",
      provider.url.port,
      "--state-change-url",
      states.url.href,
      "--state-change-teardown",
      // The verifier sends these headers to the provider and to the states server.
      "--header",
      `Authorization=Bearer ${token}`,
      "--header",
      `${STATES_SECRET_HEADER}=${secret}`,
      "--filter-description",
      WITH_CREDENTIALS,
    ];
    console.log(`pact ${args.join(" ").replace(token, "<token>").replace(secret, "<secret>")}`);
    // Asynchronously: the states server in this process must keep answering.
    const verifier = spawn(pact, args, { stdio: "inherit" });
    const [code] = await once(verifier, "exit");
    return (code as number | null) ?? 1;
  } finally {
    dirTemp.remove();
  }
}

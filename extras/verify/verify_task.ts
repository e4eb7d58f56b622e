/**
 * What `deno task verify` / `npm run verify` do: run the provider's
 * verification test (`provider/pact_verification_test.ts`), which starts
 * UserService as its own process and verifies every pact in `pacts/`.
 *
 * - With `--binary <path>` the built executable is started instead (from
 *   `deno task compile` or `npm run compile`: the artifact that ships), and
 *   the verification is pointed at it.
 * - With `PACT_BROKER_BASE_URL` the pacts come from that Pact Broker
 *   (consumer version selectors, pending and WIP pacts; results published
 *   only when `CI=true`).
 * - With `PROVIDER_BASE_URL` the running provider there is verified, its
 *   provider states seeding the database named by `USERS_DB` (or
 *   `DATABASE_URL`), sending `USER_SERVICE_TOKEN`. That database must be
 *   empty, or declared disposable with `--disposable-database`:
 *   verification never changes data it did not create.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { openStore, redacted } from "../../provider/service/store/open_store.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { cleanUpOnSignal } from "../../tooling/signals.ts";
import type { VerificationTarget } from "../hooks/config.ts";
import { startVerification, type Verification, type VerificationOptions } from "./verification.ts";
import { messageOf } from "../../tooling/error_message.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/** The command-line flag that declares a running provider's database disposable. */
const DISPOSABLE = "--disposable-database";

/** Verification would change data it did not create. */
class RefusedError extends Error {
  override name = "RefusedError";
}

/**
 * The running provider at `baseUrl` as a target, once its database is found
 * empty (or declared disposable): provider states overwrite and delete users
 * there, and the message interactions send it real PUT and DELETE requests.
 */
async function runningProvider(
  baseUrl: string,
  argv: readonly string[],
): Promise<VerificationTarget> {
  const { USERS_DB: usersDb, DATABASE_URL: databaseUrl, USER_SERVICE_TOKEN: token } = process.env;
  if ((!usersDb && !databaseUrl) || !token) {
    throw new Error(
      "PROVIDER_BASE_URL needs USERS_DB or DATABASE_URL (the database the provider reads) and " +
        "USER_SERVICE_TOKEN (a token it accepts)",
    );
  }
  const where = databaseUrl ? `DATABASE_URL "${redacted(databaseUrl)}"` : `USERS_DB "${usersDb}"`;
  await using store = await openStore({ databaseUrl, usersDb: usersDb ?? "" });
  const users = await store.countUsers();
  const events = await store.lastEventSeq();
  if ((users > 0 || events > 0) && !argv.includes(DISPOSABLE)) {
    throw new RefusedError(
      `${where} holds data this verification did not seed (${users} users, ` +
        `${events} events); provider states overwrite and delete users there, so use a ` +
        `throwaway copy, or pass ${DISPOSABLE} if this one may be changed`,
    );
  }
  return { providerBaseUrl: baseUrl, token, usersDb, databaseUrl };
}

/** The binary `--binary` names, checked. */
function binaryOf(argv: readonly string[]): string | undefined {
  const at = argv.indexOf("--binary");
  if (at === -1) return undefined;
  const binary = argv[at + 1];
  if (!binary || !existsSync(binary)) {
    throw new Error(
      `No provider binary at "${
        binary ?? ""
      }": build it first (deno task compile or npm run compile)`,
    );
  }
  return resolve(binary);
}

/** Starts `binary` over a database of its own in `dir`; the verification is pointed at it. */
async function startBinary(binary: string, dir: string) {
  const usersDb = join(dir, "users.db");
  const token = crypto.randomUUID();
  const provider = await startProviderProcess(binary, {
    env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
  });
  const target: VerificationTarget = { providerBaseUrl: provider.url.origin, token, usersDb };
  return { provider, target };
}

/**
 * `deno task verify` with `argv` (`--binary <path>`, `--disposable-database`):
 * verifies, prints the summary and the verdict, and resolves to the exit code.
 */
export async function verifyTask(argv: readonly string[]): Promise<number> {
  const dirTemp = temporaryDir("user-service-verify-");
  const dir = dirTemp.path;
  let binary: Awaited<ReturnType<typeof startBinary>> | undefined;
  let verification: Verification | undefined;
  // Ctrl-C: the verification stops and removes its folders, then this process what it started.
  cleanUpOnSignal(async () => {
    verification?.stop();
    await verification?.done;
    await binary?.provider.stop();
    dirTemp.remove();
  });
  try {
    const options: VerificationOptions = { broker: Boolean(process.env.PACT_BROKER_BASE_URL) };
    const baseUrl = process.env.PROVIDER_BASE_URL;
    const path = binaryOf(argv);
    if (baseUrl) options.target = await runningProvider(baseUrl, argv);
    else if (path) options.target = (binary = await startBinary(path, dir)).target;
    verification = startVerification(options);
    const result = await verification.go();
    console.log(result.text);
    if (!result.honoured) return 1;
    const from = options.broker ? "from the Pact Broker" : "in pacts/";
    console.log(`Verification passed: UserService honours every pact ${from}`);
    return 0;
  } catch (error) {
    const message = messageOf(error);
    const verdict = error instanceof RefusedError ? "refused" : "failed";
    console.error(`Verification ${verdict}: ${message}`);
    return 1;
  } finally {
    await binary?.provider.stop();
    dirTemp.remove();
  }
}

/**
 * What `deno task verify` / `npm run verify` do: verify UserService, running as its
 * own process, against every pact in `pacts/`.
 *
 * By default it starts the provider from source with this same runtime (see
 * `provider/entry.ts`), once per core, each on a free port with a fresh
 * database file, waits for `/health`, and verifies the local pacts' parts on
 * them side by side (`contract/parallel.ts`), provider states seeding each
 * its own file; it stops them whatever happens.
 *
 * With `--binary <path>` it starts that executable instead (a build from
 * `deno task compile` or `npm run compile`): the artifact that ships.
 *
 * With `PACT_BROKER_BASE_URL` set the pacts come from that Pact Broker
 * (consumer version selectors, pending and WIP pacts; results published only
 * when `CI=true`), else from `pacts/`.
 *
 * With `PROVIDER_BASE_URL` set it verifies that running provider instead,
 * seeding the database named by `USERS_DB` (or `DATABASE_URL`) and sending
 * `USER_SERVICE_TOKEN`.
 * That database must be empty, or declared disposable with
 * `--disposable-database`: verification never changes data it did not create.
 * It resolves to the exit code.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { verifyPacts } from "./contract/verify.ts";
import { verifyInParallel } from "./contract/parallel.ts";
import { providerStarter } from "./own_provider.ts";
import { pactSource } from "../broker/config.ts";
import { gitVersion } from "../broker/git.ts";
import { openStore, redacted } from "../../provider/service/store/open_store.ts";
import { providerEntry } from "../../provider/entry.ts";
import { cleanUpOnSignal } from "../../tooling/signals.ts";
import { reportVerification } from "./report.ts";

/** Verifies, then writes `reports/provider-verification.xml` and prints the summary. */
async function verifyAndReport(...args: Parameters<typeof verifyPacts>): Promise<void> {
  const outcome = await verifyPacts(...args).catch((error) => error);
  console.log(reportVerification(outcome).text);
  if (!Array.isArray(outcome)) throw outcome;
}

/** The command-line flag that declares a running provider's database disposable. */
const DISPOSABLE = "--disposable-database";

/**
 * Verifies the running provider at `baseUrl`. Provider states then write to
 * its database (`USERS_DB`) and the message interactions send it real PUT
 * and DELETE requests, so a database holding anything this verification did
 * not seed is refused, unless `--disposable-database` says it may be changed.
 */
async function verifyRunningProvider(baseUrl: string, argv: readonly string[]): Promise<void> {
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
  await verifyAndReport(baseUrl, { store, token, source: source() });
}

/** Verification would change data it did not create. */
class RefusedError extends Error {
  override name = "RefusedError";
}

/** The pacts to verify: from the Pact Broker when PACT_BROKER_BASE_URL is set, else pacts/. */
function source() {
  return pactSource(process.env, () => gitVersion(process.env));
}

/** The provider to start: `--binary <path>` when given, else the source entry of this runtime. */
function providerCommand(argv: readonly string[]): { command: string; args: string[] } {
  const at = argv.indexOf("--binary");
  if (at === -1) return providerEntry();
  const binary = argv[at + 1];
  if (!binary || !existsSync(binary)) {
    throw new Error(
      `No provider binary at "${
        binary ?? ""
      }": build it first (deno task compile or npm run compile)`,
    );
  }
  return { command: resolve(binary), args: [] };
}

async function verifyOwnProvider(argv: readonly string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "user-service-verify-"));
  const token = crypto.randomUUID();
  const providers = providerStarter(providerCommand(argv), { dir, token });
  cleanUpOnSignal(async () => {
    await Promise.all([...providers.running].map((provider) => provider.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const broker = source();
    if (broker) {
      // Pacts from a broker are verified whole, by one verifier.
      await using provider = await providers.start(0);
      await verifyAndReport(provider.url, { store: provider.store, token, source: broker });
    } else {
      const outcome = await verifyInParallel({ token, startProvider: providers.start })
        .catch((error) => error);
      console.log(reportVerification(outcome).text);
      if (!Array.isArray(outcome)) throw outcome;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `deno task verify` with `argv` (`--binary <path>`, `--disposable-database`):
 * verifies, prints the summary and the verdict, and resolves to the exit code.
 */
export async function verifyTask(argv: readonly string[]): Promise<number> {
  try {
    const baseUrl = process.env.PROVIDER_BASE_URL;
    await (baseUrl ? verifyRunningProvider(baseUrl, argv) : verifyOwnProvider(argv));
    const from = process.env.PACT_BROKER_BASE_URL ? "from the Pact Broker" : "in pacts/";
    console.log(`Verification passed: UserService honours every pact ${from}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : error;
    const verdict = error instanceof RefusedError ? "refused" : "failed";
    console.error(`Verification ${verdict}: ${message}`);
    return 1;
  }
}

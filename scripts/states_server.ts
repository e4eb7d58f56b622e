/**
 * `deno task states` / `npm run states`: the provider-states server for other
 * Pact verifiers (`extras/verify/states_server.ts`), seeding the
 * database named by `USERS_DB`, on `STATES_PORT` (default: a free port), with
 * the secret `STATES_SECRET` (default: made up and printed). Verification
 * tooling only: never deploy it.
 *
 * @module
 */
import process from "node:process";
import { startStatesServer, STATES_SECRET_HEADER } from "../extras/verify/states_server.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Provider states server", async () => {
  const usersDb = process.env.USERS_DB;
  if (!usersDb) {
    console.error("USERS_DB must name the database file of the provider under verification");
    return 1;
  }
  const secret = process.env.STATES_SECRET || crypto.randomUUID();
  const server = await startStatesServer(usersDb, {
    secret,
    port: Number(process.env.STATES_PORT ?? 0),
  });
  console.log(`Provider states server listening on ${server.url.origin} (USERS_DB=${usersDb})`);
  if (!process.env.STATES_SECRET) {
    console.log(`Send ${STATES_SECRET_HEADER}: ${secret} (STATES_SECRET is not set)`);
  }
  const stop = () => void server.shutdown();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await server.finished;
  return 0;
});

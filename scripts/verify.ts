/**
 * `deno task verify` / `npm run verify`: verifies UserService, running as its
 * own process (or, with `PROVIDER_BASE_URL`, one that runs already), against
 * every pact in `pacts/` or from a Pact Broker; see
 * `extras/verify/verify_task.ts`. The exit code is the verdict.
 *
 * @module
 */
import { verifyTask } from "../extras/verify/verify_task.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Verification", (args) => verifyTask(args));

/**
 * `npm run verify:standalone [binary]`: the standalone `pact verifier` against
 * a provider binary, `dist/user-service-node` by default
 * (`extras/verify/standalone.ts`).
 *
 * @module
 */
import { verifyStandalone } from "../extras/verify/standalone.ts";
import { runAsMain } from "../tooling/main.ts";
import { repoPath } from "../tooling/repo.ts";

const DEFAULT_BINARY = "dist/user-service-node";

await runAsMain(
  import.meta,
  "Standalone verification",
  ([binary = repoPath(DEFAULT_BINARY)]) => verifyStandalone(binary),
);

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../tooling/repo.ts";

/** The provider whose pacts are verified. */
export const PROVIDER_NAME = "UserService";

/** The repository's `pacts/` folder. */
export const PACT_DIR: string = repoPath("pacts");

/**
 * The pact files in `dir` (default `pacts/`) whose provider is UserService,
 * sorted. Throws when there is none: checking nothing must not pass.
 */
export function localPactFiles(dir: string = PACT_DIR): string[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => JSON.parse(readFileSync(path, "utf8"))?.provider?.name === PROVIDER_NAME);
  if (files.length === 0) {
    throw new Error(`No pact for "${PROVIDER_NAME}" in "${dir}": run the consumers' tests first`);
  }
  return files;
}

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The provider name the contracts use. */
export const PROVIDER_NAME = "UserService";

/** The repository's `pacts/` folder. */
export const PACT_DIR: string = fileURLToPath(new URL("../../../pacts/", import.meta.url));

/**
 * The pact files in `dir` whose provider is UserService, sorted. Throws when
 * there is none: verifying nothing must not pass.
 */
export function localPactFiles(dir: string = PACT_DIR): string[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => JSON.parse(readFileSync(path, "utf8"))?.provider?.name === PROVIDER_NAME);
  if (files.length === 0) {
    throw new Error(`No pact for "${PROVIDER_NAME}" in "${dir}": run the consumer tests first`);
  }
  return files;
}

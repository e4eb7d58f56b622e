/**
 * Test helper: every way UserService runs as its own process (the source
 * entry point of this runtime and each binary that is built).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { type Command } from "../tooling/runtime.ts";
import { providerEntry } from "./entry.ts";
import { repoPath } from "../tooling/repo.ts";

/** One way to start UserService, with the reason a test skips it (or `false`). */
export interface EntryPoint {
  /** A name for test titles; it carries the skip reason, which Deno's runner does not print. */
  name: string;
  /** The command line. */
  entry: Command;
  /** Why it cannot run here, or `false`. */
  skip: string | false;
  /**
   * Whether it bounds its own connections (the Node adapter does), or serves
   * with `Deno.serve`, which leaves that to the reverse proxy in front of it.
   */
  guardsConnections: boolean;
}

function binary(path: string, howToBuild: string, guardsConnections: boolean): EntryPoint {
  const command = repoPath(path);
  const skip = existsSync(command) ? false : `skipped: ${path} is not built (${howToBuild})`;
  const name = skip ? `${path} [${skip}]` : path;
  return { name, entry: { command, args: [] }, skip, guardsConnections };
}

/** The source entry point of this runtime, then `dist/user-service-node` and `dist/user-service`. */
export const ENTRY_POINTS: readonly EntryPoint[] = Object.freeze([
  {
    name: "the source entry point",
    entry: providerEntry(),
    skip: false,
    guardsConnections: !("Deno" in globalThis),
  },
  binary("dist/user-service-node", "npm run compile", true),
  binary("dist/user-service", "deno task compile, which needs a Deno runtime base", false),
]);

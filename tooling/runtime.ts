import { join } from "node:path";
import process from "node:process";
import { repoPath } from "./repo.ts";

/** A command line: an executable and its arguments. */
export interface Command {
  /** The executable. */
  command: string;
  /** Its arguments. */
  args: string[];
}

/** The Deno permissions of the contract tooling (`deno task contract`, `verify`, `pact`). */
export const TOOL_PERMISSIONS: readonly string[] = Object.freeze([
  "--allow-ffi",
  "--allow-net=127.0.0.1,localhost,[::1]",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys=hostname,uid",
  "--allow-run",
]);

/**
 * How to run one of the repository's scripts with the runtime that runs this
 * code: `deno run` with {@linkcode TOOL_PERMISSIONS} on Deno, `node` on Node.
 * `root` is the copy of the repository whose script it is (default: this one).
 */
export function scriptCommand(
  path: string,
  args: readonly string[] = [],
  root?: string,
): Command {
  const command = process.execPath;
  const script = root === undefined ? repoPath(path) : join(root, path);
  if ("Deno" in globalThis) {
    return { command, args: ["run", "--no-check", ...TOOL_PERMISSIONS, script, ...args] };
  }
  return { command, args: [script, ...args] };
}

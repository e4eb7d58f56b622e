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

/**
 * The lockfiles of the Deno tools, relative to the repository: the contract
 * loop's (`deno task pact`, `verify`, `contract`, `dev`, the guards: pact-js
 * and the comparator), and the one of the tests and checks (everything,
 * the dev tools included). `deno.lock` holds the services' packages alone.
 */
export const LOCKS = Object.freeze({ loop: "extras/deno.lock", dev: "tooling/deno.lock" });

/**
 * How Deno runs the repository's tools at `root`: with the `tools`
 * permission set of its `deno.json` and the lockfile `lock` names
 * ({@linkcode LOCKS}), without Deno's own diagnostics (`-q`).
 */
export function denoToolFlags(
  root: string = repoPath(""),
  lock: keyof typeof LOCKS = "loop",
): string[] {
  return [
    "-q",
    `--config=${join(root, "deno.json")}`,
    `--lock=${join(root, LOCKS[lock])}`,
    "-P=tools",
  ];
}

/**
 * How to run one of the repository's scripts with the runtime that runs this
 * code: `deno run` with {@linkcode denoToolFlags} (the tests' lockfile) on
 * Deno, `node` on Node.
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
    return { command, args: ["run", ...denoToolFlags(root, "dev"), script, ...args] };
  }
  return { command, args: [script, ...args] };
}

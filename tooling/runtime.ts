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
 * How Deno runs the repository's tools at `root`: with the `tools`
 * permission set of its `deno.json` and the tools' lockfile
 * (`extras/deno.lock`), without Deno's own diagnostics (`-q`).
 */
export function denoToolFlags(root: string = repoPath("")): string[] {
  return [
    "-q",
    `--config=${join(root, "deno.json")}`,
    `--lock=${join(root, "extras/deno.lock")}`,
    "-P=tools",
  ];
}

/**
 * How to run one of the repository's scripts with the runtime that runs this
 * code: `deno run` with {@linkcode denoToolFlags} on Deno, `node` on Node.
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
    return { command, args: ["run", ...denoToolFlags(root), script, ...args] };
  }
  return { command, args: [script, ...args] };
}

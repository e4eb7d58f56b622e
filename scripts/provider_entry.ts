import process from "node:process";
import { fileURLToPath } from "node:url";

/** A command line that starts UserService. */
export interface ProviderCommand {
  /** The executable. */
  command: string;
  /** Its arguments. */
  args: string[];
}

/** The absolute path of `path`, relative to the repository's root. */
export function repoPath(path: string): string {
  return fileURLToPath(new URL(`../${path}`, import.meta.url));
}

/** The Deno permissions UserService needs, and no more: for `deno run` and `deno compile`. */
export const PROVIDER_PERMISSIONS: readonly string[] = Object.freeze([
  "--allow-net",
  "--allow-env=HOST,PORT,USERS_DB,USER_SERVICE_TOKEN,IDLE_TIMEOUT_MS,REQUEST_TIMEOUT_MS,MAX_CONNECTIONS,LOCK_WAIT_MS",
  "--allow-read",
  "--allow-write",
]);

/**
 * How to start UserService from source with the runtime that runs this code:
 * `deno run … provider/main.ts` on Deno (with only the permissions the
 * provider needs), `node provider/main_node.ts` on Node. It is the one
 * choice the tooling makes between the two entry points.
 */
export function providerEntry(): ProviderCommand {
  const command = process.execPath;
  if ("Deno" in globalThis) {
    const args = ["run", "--no-check", ...PROVIDER_PERMISSIONS, repoPath("provider/main.ts")];
    return { command, args };
  }
  return { command, args: [repoPath("provider/main_node.ts")] };
}

/** The Deno permissions of the contract tooling (`deno task contract`, `verify`, `pact`). */
export const TOOL_PERMISSIONS: readonly string[] = Object.freeze([
  "--allow-ffi",
  "--allow-net=127.0.0.1,localhost,[::1]",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys=hostname",
  "--allow-run",
]);

/**
 * How to run one of the repository's scripts with the runtime that runs this
 * code: `deno run` with {@linkcode TOOL_PERMISSIONS} on Deno, `node` on Node.
 */
export function scriptCommand(path: string, args: readonly string[] = []): ProviderCommand {
  const command = process.execPath;
  if ("Deno" in globalThis) {
    return { command, args: ["run", "--no-check", ...TOOL_PERMISSIONS, repoPath(path), ...args] };
  }
  return { command, args: [repoPath(path), ...args] };
}

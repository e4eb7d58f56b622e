import process from "node:process";
import { fileURLToPath } from "node:url";

/** The Deno permissions UserService needs, and no more: for `deno run` and `deno compile`. */
export const PROVIDER_PERMISSIONS: readonly string[] = Object.freeze([
  "--allow-net",
  "--allow-env=HOST,PORT,UNIX_SOCKET,USERS_DB,DATABASE_URL,NATS_URL,OUTBOX_RETENTION_MS,USER_SERVICE_TOKEN,IDLE_TIMEOUT_MS,REQUEST_TIMEOUT_MS,MAX_CONNECTIONS,LOCK_WAIT_MS,PG*",
  "--allow-read",
  "--allow-write",
]);

/** The entry point of UserService for Deno (`main.ts`) or Node (`main_node.ts`). */
export function entryPointPath(runtime: "deno" | "node"): string {
  const file = runtime === "deno" ? "./main.ts" : "./main_node.ts";
  return fileURLToPath(new URL(file, import.meta.url));
}

/**
 * How to start UserService from source with the runtime that runs this code:
 * `deno run … provider/main.ts` on Deno (with only the permissions the
 * provider needs), `node provider/main_node.ts` on Node. It is the one
 * choice the tooling makes between the two entry points.
 */
export function providerEntry(): { command: string; args: string[] } {
  const command = process.execPath;
  if ("Deno" in globalThis) {
    return {
      command,
      args: ["run", "--no-check", ...PROVIDER_PERMISSIONS, entryPointPath("deno")],
    };
  }
  return { command, args: [entryPointPath("node")] };
}

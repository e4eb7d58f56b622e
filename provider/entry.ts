import process from "node:process";
import { fileURLToPath } from "node:url";

/**
 * How Deno runs UserService: with the `user-service` permission set of the
 * repository's `deno.json` (what the provider needs, and no more: the same
 * set `deno task start` and `deno compile` use), and without Deno's own
 * diagnostics (`-q`). The configuration is named, so the flags work from any
 * working folder.
 */
export function denoFlags(): string[] {
  return [
    "-q",
    `--config=${fileURLToPath(new URL("../deno.json", import.meta.url))}`,
    "-P=user-service",
  ];
}

/** The entry point of UserService for Deno (`main.ts`) or Node (`main_node.ts`). */
export function entryPointPath(runtime: "deno" | "node"): string {
  const file = runtime === "deno" ? "./main.ts" : "./main_node.ts";
  return fileURLToPath(new URL(file, import.meta.url));
}

/**
 * How to start UserService from source with the runtime that runs this code:
 * `deno run … provider/main.ts` on Deno ({@linkcode denoFlags}), `node
 * provider/main_node.ts` on Node. It is the one choice the tooling makes
 * between the two entry points.
 */
export function providerEntry(): { command: string; args: string[] } {
  const command = process.execPath;
  if ("Deno" in globalThis) {
    return { command, args: ["run", ...denoFlags(), entryPointPath("deno")] };
  }
  return { command, args: [entryPointPath("node")] };
}

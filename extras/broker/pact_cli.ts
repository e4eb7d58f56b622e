import { spawn } from "node:child_process";
import { once } from "node:events";
// @ts-ignore: the package ships no types for this file (tsc refuses it; deno check takes it as any)
import { standalone } from "@pact-foundation/pact-cli/src/pact-standalone.js";
import type { Env } from "./config.ts";

/**
 * The path of the official `pact` CLI from the npm package
 * `@pact-foundation/pact-cli` (its platform package holds the binary), as
 * the package itself finds it: from `node_modules` on Node, from Deno's npm
 * cache on Deno.
 */
export function pactCliPath(): string {
  return (standalone as () => { pactFullPath: string })().pactFullPath;
}

/** Runs the `pact` CLI with `args` and `env`, its output passed through; resolves to its exit code. */
export async function runPactCli(args: string[], env: Env): Promise<number> {
  const child = spawn(pactCliPath(), args, { env: env as NodeJS.ProcessEnv, stdio: "inherit" });
  const [code] = await once(child, "exit");
  return (code as number | null) ?? 1;
}

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import type { Env } from "./config.ts";

/**
 * The path of the official `pact` CLI from the npm package
 * `@pact-foundation/pact-cli` (its platform package holds the binary).
 * Resolves from `node_modules` on Node and from Deno's npm cache on Deno.
 */
export function pactCliPath(): string {
  const require = createRequire(import.meta.url);
  const cli = require.resolve("@pact-foundation/pact-cli/package.json");
  const platform = `@pact-foundation/pact-cli-${process.platform}-${process.arch}/package.json`;
  const binary = process.platform === "win32" ? "pact.exe" : "pact";
  return join(dirname(createRequire(cli).resolve(platform)), "standalone", binary);
}

/** Runs the `pact` CLI with `args` and `env`, its output passed through; resolves to its exit code. */
export async function runPactCli(args: string[], env: Env): Promise<number> {
  const child = spawn(pactCliPath(), args, { env: env as NodeJS.ProcessEnv, stdio: "inherit" });
  const [code] = await once(child, "exit");
  return (code as number | null) ?? 1;
}

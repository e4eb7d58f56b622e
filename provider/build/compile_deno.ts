/**
 * UserService as one executable file for `deno task compile`,
 * `dist/user-service`, with `deno compile` and only the permissions the
 * provider needs. `deno compile` downloads its runtime base (denort) unless
 * `DENORT_BIN` names one; when neither works it fails with one sentence that
 * says how to supply one.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { denoFlags, entryPointPath } from "../entry.ts";
import { repoPath } from "../../tooling/repo.ts";

/** What `deno task compile` says when no runtime base can be had. */
export const NO_RUNTIME_BASE =
  "deno compile could not get its runtime base (denort): set DENORT_BIN to a denort binary of " +
  "this Deno version (denort-<target>.zip from the Deno release page), or run where " +
  "dl.deno.land is reachable";

/** Builds `dist/user-service`; resolves to its path or throws one sentence. */
export function compileDeno(): string {
  if (!("Deno" in globalThis)) throw new Error("deno task compile runs on Deno");
  const base = process.env.DENORT_BIN;
  if (base && !existsSync(base)) throw new Error(`DENORT_BIN names no file: "${base}"`);
  const output = repoPath("dist/user-service");
  const result = spawnSync(process.execPath, [
    "compile",
    "--no-check",
    ...denoFlags(),
    "--output",
    output,
    entryPointPath("deno"),
  ], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (result.status !== 0) {
    if (/base binary|denort/i.test(result.stderr)) throw new Error(NO_RUNTIME_BASE);
    throw new Error(`deno compile failed:\n${result.stderr.trim()}`);
  }
  return output;
}

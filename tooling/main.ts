import process from "node:process";
import { messageOf } from "./error_message.ts";

/**
 * Runs `main` with the command-line arguments when the module whose
 * `import.meta` is `meta` is the program being run, and never when it is
 * imported. `main` resolves to the exit code; a failure it throws is one line
 * on stderr, `<what> failed: <message>`, and exit code 1.
 *
 * @example
 * ```ts
 * await runAsMain(import.meta, "deno task verify", (args) => verifyTask(args));
 * ```
 */
export async function runAsMain(
  meta: ImportMeta,
  what: string,
  main: (args: string[]) => Promise<number> | number,
): Promise<void> {
  if (!(meta.main ?? process.argv[1] === meta.filename)) return;
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(`${what} failed: ${messageOf(error)}`);
    process.exitCode = 1;
  }
}

import { cpSync, existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "./repo.ts";
import { withTempDir } from "./temp_dir.ts";

/** What a copy leaves out: what is built, installed or written by runs, and what no run reads. */
const LEFT_OUT = new Set([
  ".git",
  ".ci",
  ".github",
  "node_modules",
  "dist",
  "reports",
  "bench",
  "docs",
]);

/**
 * Runs `body` with a copy of the repository (its sources, pacts and
 * configuration; `node_modules` linked, not copied; no database files), in a
 * temporary folder removed afterwards: for tests that edit the sources.
 *
 * @example
 * ```ts
 * await withRepoCopy(async (root) => {
 *   writeFileSync(join(root, "provider/service/app.ts"), "…");
 * });
 * ```
 */
export function withRepoCopy<T>(body: (root: string) => T | Promise<T>): Promise<T> {
  return withTempDir(async (root) => {
    for (const entry of readdirSync(repoPath(""))) {
      if (LEFT_OUT.has(entry)) continue;
      cpSync(repoPath(entry), join(root, entry), {
        recursive: true,
        filter: (source) => !/\.db(-wal|-shm)?$/.test(source),
      });
    }
    if (existsSync(repoPath("node_modules"))) {
      symlinkSync(repoPath("node_modules"), join(root, "node_modules"));
    }
    return await body(root);
  });
}

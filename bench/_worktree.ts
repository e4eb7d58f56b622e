/**
 * An earlier commit of this repository, checked out for a benchmark to run
 * beside the code as it is now.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../tooling/repo.ts";

/**
 * `ref` checked out in a temporary git worktree that shares this clone's
 * `node_modules`; disposing removes it. Needs `git` and the clone's history.
 */
export function worktreeOf(ref: string): { root: string } & Disposable {
  const root = join(mkdtempSync(join(tmpdir(), "bench-before-")), "repo");
  const git = (...args: string[]) => {
    const result = spawnSync("git", args, { cwd: repoPath(""), encoding: "utf8" });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  };
  git("worktree", "add", "--detach", root, ref);
  symlinkSync(repoPath("node_modules"), join(root, "node_modules"));
  return {
    root,
    [Symbol.dispose]() {
      git("worktree", "remove", "--force", root);
      rmSync(join(root, ".."), { recursive: true, force: true });
    },
  };
}

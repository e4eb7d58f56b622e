import { execFileSync } from "node:child_process";
import type { Env, GitVersion } from "./config.ts";

/**
 * The version to publish or verify: `GIT_COMMIT` and `GIT_BRANCH` when set
 * (CI systems check out a detached HEAD), else what git says.
 */
export function gitVersion(env: Env): GitVersion {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  const sha = env.GIT_COMMIT || git("rev-parse", "HEAD");
  const branch = env.GIT_BRANCH || git("rev-parse", "--abbrev-ref", "HEAD");
  if (branch === "HEAD") {
    throw new Error("git has a detached HEAD: set GIT_BRANCH to the branch being built");
  }
  return { sha, branch };
}

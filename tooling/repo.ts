import { fileURLToPath } from "node:url";

/** The absolute path of `path`, relative to the repository's root. */
export function repoPath(path: string): string {
  return fileURLToPath(new URL(`../${path}`, import.meta.url));
}

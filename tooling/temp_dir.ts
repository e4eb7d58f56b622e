import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A private temporary folder (`mkdtemp`: a new name, only this user may write in it). */
export interface TemporaryDir extends Disposable {
  /** Where it is. */
  readonly path: string;
  /** Removes it and everything in it; again, nothing. Disposing does the same. */
  remove(): void;
}

/**
 * A new temporary folder whose name starts with `prefix`; dispose it (or
 * `remove()` it) to remove it with everything in it.
 *
 * @example
 * ```ts
 * using dir = temporaryDir("pacts-");
 * writeFileSync(join(dir.path, "a.json"), "{}");
 * ```
 */
export function temporaryDir(prefix = "contract-test-"): TemporaryDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(path, { recursive: true, force: true });
  return { path, remove, [Symbol.dispose]: remove };
}

/** Runs `body` with a new temporary folder, removed afterwards whatever happens. */
export async function withTempDir<T>(
  body: (dir: string) => T | Promise<T>,
  prefix?: string,
): Promise<T> {
  using dir = temporaryDir(prefix);
  return await body(dir.path);
}

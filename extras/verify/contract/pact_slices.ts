import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/** Pact files to verify, and the temporary folder of slices to remove afterwards. */
export interface Slices extends Disposable {
  /** The files to hand to the verifier. */
  paths: string[];
}

/**
 * The pact files at `paths`, each one with more than `max` interactions cut
 * into slices of at most `max` (the same pact, fewer interactions) in a
 * temporary folder that disposing removes.
 *
 * Why: the Pact core's verifier spends time on each interaction that grows
 * with the size of the whole pact (see "Where the verifier spends its time"
 * in `docs/performance.md`), so a pact of 500 interactions takes about twice as long as five
 * of 100. Each interaction is verified the same either way: its request,
 * response or message, and its provider states, are in its slice.
 */
export function slicePacts(paths: readonly string[], max = 100): Slices {
  let dir: string | undefined;
  const sliced = paths.flatMap((path) => {
    const pact = JSON.parse(readFileSync(path, "utf8"));
    const interactions: unknown[] = pact.interactions ?? [];
    if (interactions.length <= max) return [path];
    dir ??= mkdtempSync(join(tmpdir(), "pact-slices-"));
    const slices: string[] = [];
    for (let at = 0; at < interactions.length; at += max) {
      const slice = join(dir, `${basename(path, ".json")}.${at / max}.json`);
      writeFileSync(
        slice,
        JSON.stringify({ ...pact, interactions: interactions.slice(at, at + max) }),
      );
      slices.push(slice);
    }
    return slices;
  });
  return {
    paths: sliced,
    [Symbol.dispose]() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

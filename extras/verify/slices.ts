/**
 * Pact files cut into slices for the verifier: the Pact core's work for each
 * interaction grows with the size of the whole pact it is verified in (500
 * interactions verified whole: 14 ms each; in slices of 100: 7), and a part
 * of a verification across cores (`parts.ts`) needs only its own
 * interactions. Each slice is a pact file of the same consumer and provider
 * with at most `size` of the interactions; each interaction is verified the
 * same way, in its slice.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/** Which part of the interactions a slicing keeps: `index` of `of`, dealt by sorted description. */
export interface Part {
  index: number;
  of: number;
}

/** Whether the interaction described so belongs to `part` of the sorted `descriptions`. */
function inPart(descriptions: readonly string[], part: Part | undefined) {
  if (!part || part.of <= 1) return () => true;
  const mine = new Set(
    [...new Set(descriptions)].sort().filter((_, n) => n % part.of === part.index),
  );
  return (description: string) => mine.has(description);
}

/**
 * The pact files at `paths` as slices in `dir`: of `part` only (all when
 * none), at most `size` interactions each. A pact of `size` or fewer
 * interactions, taken whole, is left where it is.
 */
export function pactSlices(
  paths: readonly string[],
  dir: string,
  options: { part?: Part; size?: number } = {},
): string[] {
  const { part, size = 100 } = options;
  const pacts = paths.map((path) => ({ path, pact: JSON.parse(readFileSync(path, "utf8")) }));
  const keep = inPart(
    pacts.flatMap(({ pact }) =>
      (pact.interactions ?? []).map((i: { description?: string }) => String(i.description))
    ),
    part,
  );
  return pacts.flatMap(({ path, pact }, p) => {
    const all = pact.interactions ?? [];
    const mine = all.filter((i: { description?: string }) => keep(String(i.description)));
    if (mine.length === all.length && mine.length <= size) return [path];
    const slices: string[] = [];
    for (let from = 0; from < mine.length; from += size) {
      const slice = join(dir, `${p}-${slices.length}-${basename(path)}`);
      writeFileSync(
        slice,
        JSON.stringify({ ...pact, interactions: mine.slice(from, from + size) }),
      );
      slices.push(slice);
    }
    return slices;
  });
}

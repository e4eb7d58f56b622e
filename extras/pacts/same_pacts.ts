/**
 * `same_pacts.ts <dirA> <dirB>`: exits 0 when the two folders hold the same
 * pact files with the same contents apart from `metadata` (which names the
 * library that wrote them), and prints each difference otherwise. CI uses it
 * to show that Deno and Node write the same contracts.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

/** A pact file's contents without its `metadata`. */
function contract(path: string): unknown {
  const { metadata: _, ...rest } = JSON.parse(readFileSync(path, "utf8"));
  return rest;
}

/** The differences between two folders of pacts; empty when they agree. */
export function pactDifferences(dirA: string, dirB: string): string[] {
  const names = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  const [a, b] = [names(dirA), names(dirB)];
  const differences: string[] = [];
  for (const name of new Set([...a, ...b])) {
    if (!a.includes(name)) differences.push(`${name}: only in "${dirB}"`);
    else if (!b.includes(name)) differences.push(`${name}: only in "${dirA}"`);
    else if (!isDeepStrictEqual(contract(join(dirA, name)), contract(join(dirB, name)))) {
      differences.push(`${name}: the contracts differ`);
    }
  }
  return differences;
}

import { copyFileSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The consumer named in the pact file at `path`, if it is one. */
function consumerOf(path: string): string | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8"))?.consumer?.name;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the pacts of `consumers` in `pactDir` with the files in `fresh`
 * (each copied beside its target, then renamed over it: a reader never sees
 * half a file), and removes their pacts `fresh` does not hold.
 */
export function replacePacts(fresh: string, pactDir: string, consumers: ReadonlySet<string>) {
  const written = readdirSync(fresh).filter((name) => name.endsWith(".json")).sort();
  const removed = readdirSync(pactDir)
    .filter((name) => name.endsWith(".json") && !written.includes(name))
    .filter((name) => consumers.has(consumerOf(join(pactDir, name)) ?? ""));
  for (const name of removed) rmSync(join(pactDir, name));
  for (const name of written) {
    const target = join(pactDir, name);
    copyFileSync(join(fresh, name), `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
  }
  return { written, removed };
}

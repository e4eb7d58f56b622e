/**
 * The three services could live in repositories of their own: `consumer/`
 * (OrderService), `notification_service/` and `provider/` (UserService) never
 * import each other, `extras/` or `scripts/`, tests included; `tooling/`,
 * which they may use, imports none of them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { test } from "node:test";
import { repoPath } from "./repo.ts";

/** Every `.ts` file under `folder` (repository-relative). */
function sources(folder: string): string[] {
  return readdirSync(repoPath(folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(folder, name));
}

// Static and dynamic imports, and `new URL("…", import.meta.url)`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|new URL\(\s*)["'](\.{1,2}\/[^"']*)["']/g;

/** The repository-relative targets of the relative imports in `file`. */
function importsOf(file: string): string[] {
  const text = readFileSync(repoPath(file), "utf8");
  return [...text.matchAll(SPECIFIER)].map((m) => normalize(join(dirname(file), m[1])));
}

const RULES: [string, string[]][] = [
  ["consumer", ["provider", "notification_service", "extras", "scripts", "bench"]],
  ["notification_service", ["consumer", "provider", "extras", "scripts", "bench"]],
  ["provider", ["consumer", "notification_service", "extras", "scripts", "bench"]],
  ["tooling", ["consumer", "notification_service", "provider", "extras", "scripts", "bench"]],
  ["extras", ["scripts", "bench"]],
];

for (const [folder, forbidden] of RULES) {
  test(`${folder}/ imports nothing from ${forbidden.join("/, ")}/`, () => {
    const crossings = sources(folder).flatMap((file) =>
      importsOf(file)
        .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
        .map((target) => `${file} → ${relative(".", target)}`)
    );
    assert.deepEqual(crossings, []);
  });
}

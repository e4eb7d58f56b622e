/**
 * What each layer fetches: `deno.lock`, which every `deno task` installs
 * before it begins (`deno task start` too), holds the services' own packages
 * and nothing else: no Pact, no dev tool, no type package.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { repoPath } from "./repo.ts";

const json = (path: string) => JSON.parse(readFileSync(repoPath(path), "utf8"));

test("deno.lock locks the services' dependencies in package.json, and nothing more", () => {
  const locked = Object.keys(json("deno.lock").specifiers).sort();
  const services = Object.entries(json("package.json").dependencies as Record<string, string>)
    .map(([name, version]) => `npm:${name}@${version}`)
    .sort();
  assert.deepEqual(locked, services);
});

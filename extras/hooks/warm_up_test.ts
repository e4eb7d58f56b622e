import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { warmUpPactCore } from "./warm_up.ts";

test("warmUpPactCore(): resolves, its interactions passing, and leaves no pact folder behind", async () => {
  const warmUps = () => readdirSync(tmpdir()).filter((name) => name.startsWith("pact-warm-up-"));
  const before = warmUps();
  await warmUpPactCore();
  assert.deepEqual(warmUps(), before);
});

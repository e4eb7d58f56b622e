/**
 * `npm run compile`: UserService for Node as one executable,
 * `dist/user-service-node`, built offline (`provider/build/compile_node.ts`).
 *
 * @module
 */
import { statSync } from "node:fs";
import process from "node:process";
import { compileNode } from "../provider/build/compile_node.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "npm run compile", async () => {
  const output = await compileNode();
  const mib = (statSync(output).size / 2 ** 20).toFixed(1);
  console.log(`Built ${output} (${mib} MiB, Node ${process.version})`);
  return 0;
});

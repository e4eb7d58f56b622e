/**
 * UserService for Node as one executable file for `npm run compile`,
 * `dist/user-service-node`, built offline: esbuild bundles
 * `provider/main_node.ts` (express included) into one CommonJS file, Node
 * turns it into a single-executable-application blob, and postject injects
 * that blob into a copy of this Node binary. Run it with Node 22.18+.
 *
 * @module
 */
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import process from "node:process";
import { repoPath } from "../../tooling/repo.ts";
import { entryPointPath } from "../entry.ts";

/** The fuse Node checks to know that a blob was injected (Node's SEA documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Builds `dist/user-service-node` and resolves to its path. */
export async function compileNode(): Promise<string> {
  if ("Deno" in globalThis) {
    throw new Error("npm run compile builds a Node executable: run it with Node");
  }
  const work = repoPath("dist/sea");
  const output = repoPath("dist/user-service-node");
  mkdirSync(work, { recursive: true });
  await build({
    entryPoints: [entryPointPath("node")],
    outfile: `${work}/user-service.cjs`,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    keepNames: true,
    logLevel: "warning",
  });
  const config = {
    main: `${work}/user-service.cjs`,
    output: `${work}/user-service.blob`,
    disableExperimentalSEAWarning: true,
    // V8 code cache in the blob: the bundle is not compiled again at every start.
    useCodeCache: true,
  };
  writeFileSync(`${work}/sea-config.json`, JSON.stringify(config, null, 2));
  execFileSync(process.execPath, ["--experimental-sea-config", `${work}/sea-config.json`], {
    stdio: "inherit",
  });
  copyFileSync(process.execPath, output);
  chmodSync(output, 0o755);
  // postject ships CommonJS without types.
  const { inject } = createRequire(import.meta.url)("postject") as {
    inject(
      file: string,
      name: string,
      data: Buffer,
      options: { sentinelFuse: string },
    ): Promise<void>;
  };
  await inject(output, "NODE_SEA_BLOB", readFileSync(config.output), { sentinelFuse: SEA_FUSE });
  return output;
}

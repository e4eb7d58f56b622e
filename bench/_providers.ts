import { existsSync } from "node:fs";
import { denoFlags } from "../provider/entry.ts";
import { type Command } from "../tooling/runtime.ts";
import { repoPath } from "../tooling/repo.ts";

/**
 * Every way UserService runs that this machine can start: the Deno and Node
 * source entry points (with `deno` and the Node that runs the benchmark) and
 * the Node single executable when it is built.
 */
export function providerCommands(node: string): [string, Command][] {
  const commands: [string, Command][] = [
    ["Deno (`provider/main.ts`)", {
      command: "deno",
      args: ["run", ...denoFlags(), repoPath("provider/main.ts")],
    }],
    ["Node (`provider/main_node.ts`)", {
      command: node,
      args: [repoPath("provider/main_node.ts")],
    }],
  ];
  const binary = repoPath("dist/user-service-node");
  if (existsSync(binary)) {
    commands.push(["Node single executable", { command: binary, args: [] }]);
  }
  return commands;
}

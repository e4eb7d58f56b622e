import { spawnSync } from "node:child_process";

/**
 * The processes of process group `pgid` still running (zombies left out), as
 * `ps` lists them: `<pgid> <state> <command line>`. What a terminal's Ctrl-C
 * reaches, and what must be gone after it.
 */
export function groupMembers(pgid: number): string[] {
  const ps = spawnSync("ps", ["-eo", "pgid=,stat=,args="], { encoding: "utf8" });
  return ps.stdout.split("\n").map((row) => row.trim()).filter((row) => {
    const [group, stat] = row.split(/\s+/);
    return Number(group) === pgid && !stat.startsWith("Z");
  });
}

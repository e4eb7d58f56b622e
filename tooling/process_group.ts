import { spawnSync } from "node:child_process";

/** `ps` with `args`: its output, or an error saying why it failed. */
function ps(args: string[]): string {
  const run = spawnSync("ps", args, { encoding: "utf8" });
  if (run.error) throw run.error;
  // ps -p exits 1 when no such process runs: an empty answer, not a failure.
  if (run.status !== 0 && run.stderr.trim() !== "") {
    throw new Error(`ps exited with ${run.status}: ${run.stderr.trim()}`);
  }
  return run.stdout;
}

/**
 * The processes of process group `pgid` still running (zombies left out), as
 * `ps` lists them: `<pgid> <state> <command line>`. What a terminal's Ctrl-C
 * reaches, and what must be gone after it.
 */
export function groupMembers(pgid: number): string[] {
  return ps(["-eo", "pgid=,stat=,args="]).split("\n").map((row) => row.trim()).filter((row) => {
    const [group, stat] = row.split(/\s+/);
    return Number(group) === pgid && !stat.startsWith("Z");
  });
}

/** Every process below `pid` (its children, theirs, and so on), found with `ps`. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const row of ps(["-eo", "pid=,ppid="]).trim().split("\n")) {
    const [child, parent] = row.trim().split(/\s+/).map(Number);
    children.set(parent, [...children.get(parent) ?? [], child]);
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) found.push(child), visit(child);
  };
  visit(pid);
  return found;
}

/** Whether `pid` still runs: an exited process its new parent has not reaped yet (a zombie) does not. */
export function alive(pid: number): boolean {
  const state = ps(["-o", "stat=", "-p", String(pid)]).trim();
  return state !== "" && !state.startsWith("Z");
}

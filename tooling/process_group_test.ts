import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { test } from "node:test";
import { eventually } from "./eventually.ts";
import { groupMembers } from "./process_group.ts";

test("groupMembers(): a process group's running processes, none once they are gone", async () => {
  const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
  const exited = once(child, "exit");
  try {
    const members = groupMembers(child.pid!);
    assert.equal(members.length, 1, members.join("\n"));
    assert.match(members[0], /\bsleep 30$/);
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
  await eventually("the group gone", () => groupMembers(child.pid!).length === 0);
});

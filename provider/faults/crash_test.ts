/**
 * UserService killed with SIGKILL in the middle of a stream of writes, on
 * every entry point: afterwards every user is stored as its last event
 * announces, and every acknowledged write is there (or the one in flight
 * replaced it). `bench/reliability.ts` runs more trials for `docs/reliability.md`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { ENTRY_POINTS } from "../_entry_points.ts";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { crashTrial } from "./crash_trial.ts";

const TRIALS = Number(process.env.CRASH_TRIALS ?? 4);

for (const { name, entry, skip } of ENTRY_POINTS) {
  test(
    `${name}: SIGKILL during writes loses no acknowledged write and no event (${TRIALS} trials)`,
    {
      skip,
    },
    async () => {
      await withTempDir(async (dir) => {
        const usersDb = join(dir, "users.db");
        for (let trial = 0; trial < TRIALS; trial++) {
          const result = await crashTrial(
            () =>
              startProviderProcess(entry.command, {
                args: entry.args,
                env: { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: "crash-token" },
                onLine: () => {},
              }),
            { usersDb, token: "crash-token", trial },
          );
          assert.ok(result.acknowledged > 0, "writes were acknowledged before the kill");
          assert.deepEqual(result.problems, [], `trial ${trial}:\n${result.problems.join("\n")}`);
        }
      });
    },
  );
}

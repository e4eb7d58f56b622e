/**
 * `deno task verify` / `npm run verify` run as a user runs them: against its
 * own provider process, and against a provider that is already running
 * (`PROVIDER_BASE_URL`), whose database it must not overwrite.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { withTempDir } from "../tooling/temp_dir.ts";
import { SqliteUserStore } from "../provider/service/store/sqlite_user_store.ts";
import { providerEntry } from "../provider/entry.ts";
import { repoPath } from "../tooling/repo.ts";
import { scriptCommand } from "../tooling/runtime.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { spawnReady } from "../tooling/spawn_ready.ts";

/**
 * Runs `scripts/verify.ts` with `args` and `env` to its end; `asTask`: as a
 * user types it, `deno task verify` (`npm run verify` on Node), with the
 * task's own permissions.
 */
function runVerify(args: string[], env: Record<string, string> = {}, asTask = false) {
  const { command, args: scriptArgs } = !asTask
    ? scriptCommand("scripts/verify.ts", args)
    : "Deno" in globalThis
    ? { command: process.execPath, args: ["task", "verify", ...args] }
    : { command: "npm", args: ["run", "verify", "--", ...args] };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      scriptArgs,
      { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000, cwd: repoPath("") },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every interaction of every consumer's pact with UserService. */
const INTERACTIONS = readdirSync(repoPath("pacts"))
  .filter((name) => name.endsWith("-UserService.json"))
  .reduce(
    (sum, name) =>
      sum + JSON.parse(readFileSync(repoPath(`pacts/${name}`), "utf8")).interactions.length,
    0,
  );

test("verify: its own provider, every interaction of every consumer's pact counted in the summary", async () => {
  const { code, stdout, stderr } = await runVerify([]);
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    new RegExp(`^Provider verification \\(UserService\\): ${INTERACTIONS} passed, 0 failed$`, "m"),
  );
  // pact-js's proxy (http-proxy) calls util._extend, which Node 22 and later warn of.
  assert.doesNotMatch(stderr, /DeprecationWarning/, stderr);
});

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

/** A provider process over `usersDb`, and the environment that points verify at it. */
async function runningProvider(usersDb: string) {
  const { command, args } = providerEntry();
  const token = "verify-test-token";
  const provider = await startProviderProcess(command, {
    args,
    env: { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
    onLine: () => {},
  });
  const env = {
    PROVIDER_BASE_URL: provider.url.origin,
    USERS_DB: usersDb,
    USER_SERVICE_TOKEN: token,
  };
  return { provider, env };
}

test("verify: a running provider whose database holds data is refused in one line, and nothing changes", async () => {
  await withTempDir(async (dir) => {
    const usersDb = join(dir, "users.db");
    {
      using store = new SqliteUserStore(usersDb);
      await store.put(john);
      await store.put({ id: 7, name: "Grace Hopper", email: "grace@example.com" });
    }
    const { provider, env } = await runningProvider(usersDb);
    try {
      const { code, stdout, stderr } = await runVerify([], env);
      assert.equal(code, 1);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(
        lines[0],
        /^Verification refused: USERS_DB ".*users\.db" holds data this verification did not seed \(2 users, 2 events\); .*--disposable-database/,
      );
      assert.doesNotMatch(stdout, /Verifying a pact/, "nothing was replayed");
    } finally {
      await provider.stop();
    }
    using store = new SqliteUserStore(usersDb);
    assert.deepEqual(await store.get(1), john, "user 1 is as it was");
    assert.equal((await store.get(7))?.name, "Grace Hopper", "user 7 is still there");
    assert.equal(await store.lastEventSeq(), 2, "no request changed anything");
  });
});

test("verify: a running provider is verified over an empty database, or one declared disposable", async () => {
  await withTempDir(async (dir) => {
    const usersDb = join(dir, "users.db");
    const { provider, env } = await runningProvider(usersDb);
    try {
      const empty = await runVerify([], env);
      assert.equal(empty.code, 0, empty.stderr);
      assert.match(empty.stdout, new RegExp(`${INTERACTIONS} passed, 0 failed`));
      const again = await runVerify([], env);
      assert.equal(again.code, 1, "the first run left its events: no longer empty");
      const disposable = await runVerify(["--disposable-database"], env);
      assert.equal(disposable.code, 0, disposable.stderr);
    } finally {
      await provider.stop();
    }
  });
});

test("verify: a running provider elsewhere on the network is verified by the task as a user runs it", async () => {
  await withTempDir(async (dir) => {
    // 127.0.0.2 stands for another host: the tests' permissions name only this machine's
    // loopback names (127.0.0.1, localhost, [::1]), so this test does not ask for its health.
    const { command, args } = providerEntry();
    const usersDb = join(dir, "users.db");
    const token = "verify-test-token";
    const provider = spawnReady(command, {
      args,
      env: { PORT: "0", HOST: "127.0.0.2", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
      ready: /listening on (http:\/\/127\.0\.0\.2:\d+)/,
      what: "UserService",
    });
    try {
      const url = (await provider.ready)[1];
      const env = { PROVIDER_BASE_URL: url, USERS_DB: usersDb, USER_SERVICE_TOKEN: token };
      const { code, stdout, stderr } = await runVerify([], env, true);
      assert.equal(code, 0, `${stdout}\n${stderr}`);
      assert.match(stdout, new RegExp(`${INTERACTIONS} passed, 0 failed`));
    } finally {
      await provider.stop();
    }
  });
});

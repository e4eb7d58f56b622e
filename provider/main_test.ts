/**
 * The entry point of this runtime (`main.ts` on Deno, `main_node.ts` on Node)
 * run as its own process, as it is deployed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { providerEntry } from "../scripts/provider_entry.ts";
import { startProviderProcess } from "../scripts/provider_process.ts";
import { SqliteUserStore } from "./sqlite_user_store.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "user-service-main-"));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the entry point to its end (it is expected to fail fast). */
function runToExit(env: Record<string, string>) {
  const { command, args } = providerEntry();
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, timeout: 10_000 },
      (error, _, stderr) => resolve({ code: error ? (error.code as number) ?? null : 0, stderr }),
    );
  });
}

test("the provider serves its database, stops on SIGTERM with exit 0, and keeps the data", async () => {
  await withTempDir(async (dir) => {
    const usersDb = join(dir, "users.db");
    const env = { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: "main-test-token" };
    const headers = { Authorization: "Bearer main-test-token" };
    const { command, args } = providerEntry();
    const first = await startProviderProcess(command, { args, env });
    try {
      using store = new SqliteUserStore(usersDb);
      await store.put(john);
      const response = await fetch(new URL("/users/1", first.url), { headers });
      assert.deepEqual(await response.json(), john);
    } finally {
      assert.equal(await first.stop(), 0, "graceful exit code");
    }
    assert.equal(existsSync(`${usersDb}-wal`), false, "database closed (WAL checkpointed)");

    await using second = await startProviderProcess(command, { args, env });
    const again = await fetch(new URL("/users/1", second.url), { headers });
    assert.deepEqual(await again.json(), john, "data survives a restart");
  });
});

test("without USER_SERVICE_TOKEN the provider prints the development token it made up", async () => {
  const { command, args } = providerEntry();
  const env = { PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "" };
  const lines: string[] = [];
  await using provider = await startProviderProcess(command, {
    args: [...args, "--seed"],
    env,
    onLine: (line) => lines.push(line),
  });
  const announced = lines.map((line) => /development token .*: (\S+)$/.exec(line)?.[1]).find(
    Boolean,
  );
  assert.ok(announced, `no token in ${JSON.stringify(lines)}`);
  const users = new URL("/users/2", provider.url);
  assert.equal((await fetch(users)).status, 401);
  const response = await fetch(users, { headers: { Authorization: `Bearer ${announced}` } });
  assert.deepEqual(await response.json(), {
    id: 2,
    name: "Jane Smith",
    email: "jane.smith@example.com",
  });
});

test("the provider refuses an unusable USERS_DB in one line, exit 1", async () => {
  await withTempDir(async (dir) => {
    const usersDb = join(dir, "missing", "users.db");
    const { code, stderr } = await runToExit({ PORT: "0", USERS_DB: usersDb });
    assert.equal(code, 1);
    assert.match(
      stderr.trim(),
      /^UserService cannot start: USERS_DB ".*users\.db" cannot be opened: .+$/,
    );
  });
});

test("the provider refuses a taken PORT in one line, exit 1", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = blocker.address() as { port: number };
    const { code, stderr } = await runToExit({ PORT: String(port), USERS_DB: ":memory:" });
    assert.equal(code, 1);
    assert.match(stderr.trim(), new RegExp(`^UserService cannot start: PORT ${port} is taken$`));
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

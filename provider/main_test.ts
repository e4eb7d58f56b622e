/**
 * UserService run as its own process, as it is deployed: the source entry
 * point of this runtime (`main.ts` on Deno, `main_node.ts` on Node) and each
 * built binary (`dist/user-service-node` from `npm run compile`,
 * `dist/user-service` from `deno task compile`) that exists.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { type Command } from "../tooling/runtime.ts";
import { startProviderProcess } from "../tooling/server_process.ts";
import { ENTRY_POINTS } from "./_entry_points.ts";
import { withTempDir } from "../tooling/temp_dir.ts";
import { SqliteUserStore } from "./service/store/sqlite_user_store.ts";

const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

/** Runs `entry` to its end (it is expected to fail fast). */
function runToExit({ command, args }: Command, env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, timeout: 10_000 },
      (error, _, stderr) => resolve({ code: error ? (error.code as number) ?? null : 0, stderr }),
    );
  });
}

for (const { name, entry, skip } of ENTRY_POINTS) {
  const { command, args } = entry;

  test(`${name}: serves its database, stops on SIGTERM with exit 0, keeps the data`, {
    skip,
  }, async () => {
    await withTempDir(async (dir) => {
      const usersDb = join(dir, "users.db");
      const env = { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: "main-test-token" };
      const headers = { Authorization: "Bearer main-test-token" };
      const first = await startProviderProcess(command, { args, env });
      try {
        using store = new SqliteUserStore(usersDb);
        await store.put(john);
        const response = await fetch(new URL("/users/1", first.url), { headers });
        assert.deepEqual(await response.json(), john);
        const pactRoute = await fetch(new URL("/_pact/provider_states", first.url), {
          method: "POST",
          headers,
        });
        assert.equal(pactRoute.status, 404, "no test-only route in the shipped provider");
        await pactRoute.body?.cancel();
      } finally {
        assert.equal(await first.stop(), 0, "graceful exit code");
      }
      assert.equal(existsSync(`${usersDb}-wal`), false, "database closed (WAL checkpointed)");

      await using second = await startProviderProcess(command, { args, env });
      const again = await fetch(new URL("/users/1", second.url), { headers });
      assert.deepEqual(await again.json(), john, "data survives a restart");
    });
  });

  test(`${name}: PUT answers each user as stored and GET returns exactly that`, {
    skip,
  }, async () => {
    const names = ["Zoë Ångström", "山田 太郎", "محمد", "👩‍💻 Ada", "e\u0301lodie", "\u200fSara"];
    await using provider = await startProviderProcess(command, {
      args,
      env: { PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "main-test-token" },
      onLine: () => {},
    });
    const headers = { Authorization: "Bearer main-test-token" };
    for (const [i, name] of names.entries()) {
      const user = { id: i + 1, name, email: `user${i + 1}@example.com` };
      const url = new URL(`/users/${user.id}`, provider.url);
      const put = await fetch(url, {
        method: "PUT",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ name, email: user.email }),
      });
      assert.deepEqual(await put.json(), user, "PUT answers the user as stored");
      assert.deepEqual(await (await fetch(url, { headers })).json(), user, "GET returns it");
    }
  });

  test(`${name}: without USER_SERVICE_TOKEN prints the development token it made up`, {
    skip,
  }, async () => {
    const lines: string[] = [];
    await using provider = await startProviderProcess(command, {
      args: [...args, "--seed"],
      env: { PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "" },
      onLine: (line) => lines.push(line),
    });
    const announced = lines
      .map((line) => /development token .*: (\S+)$/.exec(line)?.[1])
      .find(Boolean);
    assert.ok(announced, `no token in ${JSON.stringify(lines)}`);
    const users = new URL("/users/2", provider.url);
    const refused = await fetch(users);
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const response = await fetch(users, { headers: { Authorization: `Bearer ${announced}` } });
    assert.deepEqual(await response.json(), {
      id: 2,
      name: "Jane Smith",
      email: "jane.smith@example.com",
    });
  });

  test(`${name}: refuses an unusable USERS_DB in one line, exit 1`, { skip }, async () => {
    await withTempDir(async (dir) => {
      const usersDb = join(dir, "missing", "users.db");
      const { code, stderr } = await runToExit(entry, { PORT: "0", USERS_DB: usersDb });
      assert.equal(code, 1);
      assert.match(
        stderr.trim(),
        /^UserService cannot start: USERS_DB ".*users\.db" cannot be opened: .+$/,
      );
    });
  });

  test(`${name}: refuses a taken PORT in one line, exit 1`, { skip }, async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const { code, stderr } = await runToExit(entry, {
        PORT: String(port),
        USERS_DB: ":memory:",
      });
      assert.equal(code, 1);
      assert.match(stderr.trim(), new RegExp(`^UserService cannot start: PORT ${port} is taken$`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
}

for (const { name, entry, skip } of ENTRY_POINTS) {
  const { command, args } = entry;

  for (
    const [host, url] of [
      ["::1", /^http:\/\/\[::1\]:\d+$/],
      ["::", /^http:\/\/\[::1\]:\d+$/],
      ["0.0.0.0", /^http:\/\/127\.0\.0\.1:\d+$/],
      ["localhost", /^http:\/\/localhost:\d+$/],
    ] as const
  ) {
    test(`${name}: HOST=${host} listens and prints a URL that answers`, { skip }, async () => {
      const lines: string[] = [];
      await using provider = await startProviderProcess(command, {
        args,
        env: { HOST: host, PORT: "0", USERS_DB: ":memory:", USER_SERVICE_TOKEN: "t" },
        onLine: (line) => lines.push(line),
      });
      assert.match(provider.url.origin, url, lines.join("\n"));
      const health = await fetch(new URL("/health", provider.url));
      assert.deepEqual(await health.json(), { status: "ok" });
    });
  }

  // 192.0.2.1 is reserved for documentation: no machine has it, so binding fails.
  for (const host of ["192.0.2.1", "2001:db8::1"]) {
    test(`${name}: HOST=${host} (not this machine's) fails whole: one line, exit 1`, {
      skip,
    }, async () => {
      const { code, stderr } = await runToExit(entry, {
        HOST: host,
        PORT: "0",
        USERS_DB: ":memory:",
        USER_SERVICE_TOKEN: "t",
      });
      assert.equal(code, 1, `exit code (null: still running after 10 s); stderr: ${stderr}`);
      assert.match(stderr.trim(), new RegExp(`^UserService cannot start: HOST "${host}" .+$`));
    });
  }
}

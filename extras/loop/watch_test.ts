/**
 * Watch mode as a developer meets it, in a copy of the repository (its
 * files are edited here, and other tests read this one's): the loop never
 * verifies stale code, a change during a run is not lost, and Ctrl-C leaves
 * no process behind.
 *
 * @module
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { outputLines } from "../../tooling/output_lines.ts";
import { eventually } from "../../tooling/eventually.ts";
import { alive, descendants } from "../../tooling/process_group.ts";
import { scriptCommand } from "../../tooling/runtime.ts";
import { withRepoCopy } from "../../tooling/repo_copy.ts";

/** `scripts/dev.ts` of the copy at `root`, with its output kept line by line. */
function startDev(root: string) {
  const { command, args } = scriptCommand("scripts/dev.ts", [], root);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PACT_DO_NOT_TRACK: "true", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // a process group of its own, as in a terminal
  });
  const { lines, line } = outputLines([child.stdout!]);
  let errors = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => errors += text);

  /** The verdict of the run whose header matches `header` (from line `from` on). */
  async function verdict(header: RegExp, from = 0) {
    const started = await line(header, { from });
    const number = /── run (\d+):/.exec(lines[started.at])![1];
    const ended = await line(new RegExp(`^── run ${number}: (passed|FAILED) in `), {
      from: started.at,
    });
    return { outcome: ended.match[1], at: ended.at };
  }

  return { child, lines, line, verdict, errors: () => errors, exited: once(child, "exit") };
}

/** Runs `body` with the watch loop running in a copy of the repository; stops it after. */
async function withDev(
  body: (dev: ReturnType<typeof startDev>, root: string) => Promise<void>,
): Promise<void> {
  await withRepoCopy(async (root) => {
    const dev = startDev(root);
    try {
      await body(dev, root);
    } finally {
      if (dev.child.exitCode === null && dev.child.signalCode === null) {
        process.kill(dev.child.pid!, "SIGINT");
        await dev.exited;
      }
    }
  });
}

/** Replaces `from` by `to` in the file at `path` (it must be there), as an editor saves. */
function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${path} no longer holds ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

test("dev: a provider change that breaks the contract fails the next run; reverting it passes", async () => {
  await withDev(async (dev, root) => {
    const first = await dev.verdict(/── run 1: /);
    assert.equal(first.outcome, "passed", dev.lines.join("\n"));
    assert.match(dev.lines[first.at], /^── run 1: passed in \d+\.\d{2} s; watching /);
    const app = join(root, "provider/service/app.ts");
    const original = readFileSync(app, "utf8");
    edit(app, "jsonResponse(200, { users })", "jsonResponse(200, { people: users })");
    const broken = await dev.verdict(
      /── run \d+: the provider's checks \(provider\/service\/app\.ts/,
    );
    assert.equal(broken.outcome, "FAILED", dev.lines.join("\n"));
    writeFileSync(app, original);
    const fixed = await dev.verdict(
      /── run \d+: the provider's checks \(provider\/service\/app\.ts/,
      broken.at,
    );
    assert.equal(fixed.outcome, "passed", dev.lines.join("\n"));
  });
});

test("dev: a passing provider save and a stop print no failure: what the loop lets go unused is silent", async () => {
  await withDev(async (dev, root) => {
    assert.equal((await dev.verdict(/── run 1: /)).outcome, "passed", dev.lines.join("\n"));
    // Once the first run has ended, the loop primes a verification; a provider save lets it go.
    await startedAhead(dev.child.pid!);
    const json = join(root, "provider/service/json_response.ts");
    writeFileSync(json, readFileSync(json));
    const run = await dev.verdict(/── run \d+: the provider's checks/);
    assert.equal(run.outcome, "passed", dev.lines.join("\n"));
    await startedAhead(dev.child.pid!);
    process.kill(dev.child.pid!, "SIGINT");
    await dev.exited;
    const printed = `${dev.lines.join("\n")}\n${dev.errors()}`;
    assert.doesNotMatch(printed, /Test failed|let this run go unused/, printed);
  });
});

test("dev: a consumer change runs the Pact tests as they now are; reverting it passes", async () => {
  await withDev(async (dev, root) => {
    assert.equal((await dev.verdict(/── run 1: /)).outcome, "passed", dev.lines.join("\n"));
    const client = join(root, "consumer/user_client.ts");
    const original = readFileSync(client, "utf8");
    edit(client, "`users/${id}`", "`user/${id}`"); // asks the mock server for a path no test expects
    const broken = await dev.verdict(/── run \d+: consumer contract.*user_client\.ts changed/);
    assert.equal(broken.outcome, "FAILED", dev.lines.join("\n"));
    writeFileSync(client, original);
    const fixed = await dev.verdict(
      /── run \d+: consumer contract.*user_client\.ts changed/,
      broken.at,
    );
    assert.equal(fixed.outcome, "passed", dev.lines.join("\n"));
  });
});

test("dev: a consumer save that leaves the pacts as they were keeps their passing verification", async () => {
  await withDev(async (dev, root) => {
    assert.equal((await dev.verdict(/── run 1: /)).outcome, "passed", dev.lines.join("\n"));
    const client = join(root, "consumer/user_client.ts");
    writeFileSync(client, readFileSync(client, "utf8") + "\n// a comment\n");
    const run = await dev.verdict(/── run \d+: consumer contract.*user_client\.ts changed/);
    assert.equal(run.outcome, "passed", dev.lines.join("\n"));
    assert.ok(
      dev.lines.some((line) => /verification .*\(pacts and provider unchanged\)$/.test(line)),
      dev.lines.join("\n"),
    );
  });
});

test("dev: a consumer change that changes the pacts is verified afresh", async () => {
  await withDev(async (dev, root) => {
    assert.equal(
      (await dev.verdict(/── run 1: /)).outcome,
      "passed",
      `${dev.lines.join("\n")}\n${dev.errors()}`,
    );
    // The consumer's test still passes (the mock server knows no states); the provider has no
    // handler for the state, so the new pact fails verification.
    edit(
      join(root, "consumer/user_service.pact_test.ts"),
      '.given("user with id 99 does not exist", { id: 99 })\n      .uponReceiving("a request for user 99")',
      '.given("user with id 99 is a ghost", { id: 99 })\n      .uponReceiving("a request for user 99")',
    );
    const run = await dev.verdict(
      /── run \d+: consumer contract.*user_service\.pact_test\.ts changed/,
    );
    assert.equal(run.outcome, "FAILED", dev.lines.join("\n"));
    assert.ok(dev.lines.some((line) => line.includes("user with id 99 is a ghost")));
  });
});

test("dev: a provider change during a run is verified by a run after it", async () => {
  await withDev(async (dev, root) => {
    await dev.verdict(/── run 1: /);
    const client = join(root, "consumer/user_client.ts");
    writeFileSync(client, readFileSync(client)); // a consumer save: a whole-loop run
    const { at } = await dev.line(/── run 2: consumer contract/);
    edit(join(root, "provider/service/app.ts"), "{ users })", "{ people: users })");
    // It lands in a run after run 2: a provider run, or a whole-loop run when the consumer
    // save's events came on into it. Either verifies the broken file and FAILS.
    const later = await dev.verdict(/── run \d+: .*the provider's checks \(.*app\.ts changed/, at);
    assert.equal(later.outcome, "FAILED", dev.lines.join("\n"));
  });
});

test("dev: a provider that crashes during verification fails the run with word why; the loop goes on", async () => {
  await withDev(async (dev, root) => {
    await dev.verdict(/── run 1: /);
    // An uncaught error a moment after the request: the process dies with the request open.
    const app = join(root, "provider/service/app.ts");
    const original = readFileSync(app, "utf8");
    edit(
      app,
      "return jsonResponse(200, { users });",
      'setTimeout(() => { throw new Error("crash"); }); return new Promise<Response>(() => {});',
    );
    const crashed = await dev.verdict(
      /── run \d+: the provider's checks \(provider\/service\/app\.ts/,
    );
    assert.equal(crashed.outcome, "FAILED", dev.lines.join("\n"));
    assert.ok(
      dev.lines.some((line) =>
        /An error escaped the verification \(did the provider die\?\)/.test(line)
      ),
      dev.lines.join("\n"),
    );
    writeFileSync(app, original);
    const fixed = await dev.verdict(
      /── run \d+: the provider's checks \(provider\/service\/app\.ts/,
      crashed.at,
    );
    assert.equal(fixed.outcome, "passed", dev.lines.join("\n"));
  });
});

/** The processes below `pid` once there are any; rejects after `ms`. */
async function startedAhead(pid: number, ms = 5000): Promise<number[]> {
  let found: number[] = [];
  await eventually("a process below the loop", () => (found = descendants(pid)).length > 0, {
    ms,
  });
  return found;
}

/** Resolves once none of `pids` is alive, or rejects after `ms`. */
async function allGone(pids: number[], ms = 5000): Promise<void> {
  await eventually(
    () => `all gone; still running: ${pids.filter(alive).join(", ")}`,
    () => !pids.some(alive),
    { ms },
  );
}

const STOPS = {
  "Ctrl-C to the loop": (pid: number) => process.kill(pid, "SIGINT"),
  "Ctrl-C in a terminal (the whole process group)": (pid: number) => process.kill(-pid, "SIGINT"),
  "SIGKILL to the loop": (pid: number) => process.kill(pid, "SIGKILL"),
};

for (const [how, send] of Object.entries(STOPS)) {
  test(`dev: ${how} leaves no process behind, between runs or during one`, async () => {
    for (const when of ["between runs", "during a run"] as const) {
      await withDev(async (dev, root) => {
        await dev.verdict(/── run 1: /);
        if (when === "during a run") {
          const json = join(root, "provider/service/json_response.ts");
          writeFileSync(json, readFileSync(json)); // a provider save
          await dev.line(/── run 2: the provider's checks/);
        }
        // The loop starts what the next run needs once a run has ended.
        const started = await startedAhead(dev.child.pid!);
        send(dev.child.pid!);
        await dev.exited;
        // Killed outright, the loop stops nothing itself: what it started sees it gone.
        await allGone(started);
        if (!how.startsWith("SIGKILL")) {
          assert.ok(dev.lines.includes("Stopped watching."), `${when}:\n${dev.lines.join("\n")}`);
        }
      });
    }
  });
}

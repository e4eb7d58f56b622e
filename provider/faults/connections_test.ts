/**
 * Hostile clients against UserService as its own process, on every entry
 * point that bounds its own connections (the Node adapter): see
 * `hostile_clients.ts`. Every entry point, `Deno.serve` ones included,
 * survives a failed accept on its own, and opens no port but the one it
 * prints. The `Deno.serve` entry points meet the other trials behind nginx
 * (`connections_servers_test.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command } from "../../tooling/runtime.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { ENTRY_POINTS } from "../_entry_points.ts";
import {
  failedAcceptsAreNotFatal,
  FAST,
  floodsDoNotCrowdOthersOut,
  idleConnectionsAreClosed,
  listeningPorts,
  slowClientsAreCutOff,
  type StartService,
} from "./hostile_clients.ts";

/** `entry` started through a shell that first lowers the open-file limit to `files`. */
function withFileLimit({ command, args }: Command, files: number): Command {
  return { command: "sh", args: ["-c", `ulimit -n ${files} && exec "$0" "$@"`, command, ...args] };
}

/** Starts `entry` alone, with the trial's environment and file limit. */
function alone(entry: Command): StartService {
  return (env, { fileLimit }) => {
    const { command, args } = fileLimit ? withFileLimit(entry, fileLimit) : entry;
    return startProviderProcess(command, { args, env: { ...FAST, ...env }, onLine: () => {} });
  };
}

for (const { name, entry, skip, guardsConnections } of ENTRY_POINTS) {
  const own = guardsConnections ? skip : skip || "skipped: Deno.serve meets this behind nginx";
  // Deno's runner prints no skip reason: the title carries it.
  const title = own && !skip ? `${name} [${own}, connections_servers_test.ts]` : name;
  test(
    `${title}: an idle connection, before or between requests, is closed`,
    { skip: own },
    () => idleConnectionsAreClosed(alone(entry)),
  );
  test(
    `${title}: headers or a body sent a byte at a time are cut off`,
    { skip: own },
    () => slowClientsAreCutOff(alone(entry)),
  );
  test(
    `${title}: a flood of idle connections beyond the open-file limit neither stops it nor crowds others out`,
    { skip: own },
    () => floodsDoNotCrowdOthersOut(alone(entry)),
  );
  test(
    `${name}: a failed accept (no file descriptor left) is not fatal`,
    { skip },
    () => failedAcceptsAreNotFatal(alone(entry)),
  );

  test(`${name}: listens on the one TCP port it prints, and no other`, { skip }, async () => {
    await using service = await alone(entry)({}, {});
    assert.deepEqual(listeningPorts(service.pid), [Number(service.url.port)]);
  });
}

/**
 * Hostile clients against the `Deno.serve` entry points as they run on a
 * network they cannot trust: behind nginx, with the configuration of
 * `provider/adapters/nginx.ts` (see `hostile_clients.ts`). Needs nginx: without
 * it each trial fails, saying so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ENTRY_POINTS } from "../_entry_points.ts";
import { startBehindNginx } from "./behind_nginx.ts";
import {
  failedAcceptsAreNotFatal,
  FAST,
  floodsDoNotCrowdOthersOut,
  idleConnectionsAreClosed,
  listeningPorts,
  slowClientsAreCutOff,
  type StartService,
} from "./hostile_clients.ts";

const proxied = ENTRY_POINTS.filter((e) => !e.guardsConnections);

for (const { name, entry, skip } of proxied) {
  const start: StartService = (env, { fileLimit }) =>
    startBehindNginx(entry, { env: { ...FAST, ...env }, fileLimit });
  const behind = `${name} behind nginx`;
  test(
    `${behind}: an idle connection, before or between requests, is closed`,
    { skip },
    () => idleConnectionsAreClosed(start),
  );
  test(
    `${behind}: headers or a body sent a byte at a time are cut off`,
    { skip },
    () => slowClientsAreCutOff(start),
  );
  test(
    `${behind}: a flood of idle connections beyond the open-file limit neither stops it nor crowds others out`,
    { skip },
    () => floodsDoNotCrowdOthersOut(start),
  );
  test(
    `${behind}: a failed accept (no file descriptor left) is not fatal`,
    { skip },
    () => failedAcceptsAreNotFatal(start),
  );
  test(
    `${behind}: UserService listens on no TCP port that would bypass nginx`,
    { skip },
    async () => {
      await using service = await start({}, {});
      assert.deepEqual(listeningPorts(service.pid), []);
    },
  );
}

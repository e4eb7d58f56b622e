import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { outputLines } from "./output_lines.ts";

test("outputLines(): a line printed already or still to come, from a given index on", async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = outputLines([stdout, stderr]);
  stdout.write("listening on http://127.0.0.1:8000\n");
  const listening = await output.line(/listening on (\S+)/);
  assert.equal(listening.match[1], "http://127.0.0.1:8000");
  const later = output.line(/^run (\d+) passed$/, { from: listening.at + 1 });
  stderr.write("a warning\n");
  stdout.write("run 2 passed\n");
  const found = await later;
  assert.equal(found.match[1], "2");
  assert.deepEqual(output.lines, [
    "listening on http://127.0.0.1:8000",
    "a warning",
    "run 2 passed",
  ]);
  await assert.rejects(
    output.line(/listening/, { from: 1, ms: 20 }),
    /no line matching \/listening\/ within 20 ms:\nlistening on/,
  );
});

test("outputLines(): a line still awaited when every stream has ended is not coming", async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = outputLines([stdout, stderr]);
  const never = output.line(/ready/, { ms: 5_000 });
  stdout.end("starting\n");
  stderr.end("failed to start\n");
  await assert.rejects(
    never,
    /no line matching \/ready\/ before the end:\nstarting\nfailed to start/,
  );
});

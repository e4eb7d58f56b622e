import assert from "node:assert/strict";
import { test } from "node:test";
import { type CloseReason, ConnectionTable } from "./connection_table.ts";

/** A connection that records whether it was closed. */
function connection(name: string) {
  return {
    name,
    closed: false,
    close() {
      this.closed = true;
    },
  };
}

function table(maxConnections = 10) {
  const clock = { now: 0 };
  const reasons: CloseReason[] = [];
  const connections = new ConnectionTable<ReturnType<typeof connection>>(
    { idleTimeoutMs: 5000, requestTimeoutMs: 10_000, maxConnections },
    { now: () => clock.now, onClose: (reason) => reasons.push(reason) },
  );
  return { connections, clock, reasons };
}

test("ConnectionTable closes a connection idle beyond the idle timeout, not before", () => {
  const { connections, clock, reasons } = table();
  const idle = connection("idle");
  connections.open(idle);
  clock.now = 6000; // the timeout plus one sweep interval: the stamp may be that old
  connections.sweep();
  assert.equal(idle.closed, false);
  clock.now = 6001;
  connections.sweep();
  assert.equal(idle.closed, true);
  assert.deepEqual(reasons, ["idle"]);
  assert.equal(connections.size, 0);
});

test("ConnectionTable keeps a connection with traffic, and one whose request is quick", () => {
  const { connections, clock } = table();
  const busy = connection("busy");
  connections.open(busy);
  for (clock.now = 0; clock.now < 60_000; clock.now += 1000) {
    connections.requestStarted(busy);
    connections.responded(busy);
    connections.sweep();
  }
  assert.equal(busy.closed, false);
});

test("ConnectionTable closes a request that is not answered within the request timeout", () => {
  const { connections, clock, reasons } = table();
  const slow = connection("slow headers");
  connections.open(slow);
  // A byte now and then keeps it active, but the request never completes.
  for (clock.now = 0; clock.now <= 11_000; clock.now += 1000) {
    connections.requestStarted(slow);
    connections.sweep();
  }
  assert.equal(slow.closed, false, "not before the timeout and one interval");
  clock.now = 11_001;
  connections.sweep();
  assert.equal(slow.closed, true);
  assert.deepEqual(reasons, ["slow request"]);
});

test("ConnectionTable makes room by closing the quietest idle connection first", () => {
  const { connections, clock, reasons } = table(3);
  const [a, b, c, d] = ["a", "b", "c", "d"].map(connection);
  const at = (ms: number) => {
    clock.now = ms;
    connections.sweep(); // activity is stamped with the time of the last sweep
  };
  connections.open(a);
  at(1);
  connections.open(b);
  at(2);
  connections.open(c);
  connections.requestStarted(a); // a is oldest, but in a request
  at(3);
  connections.open(d);
  assert.deepEqual([a, b, c, d].map((x) => x.closed), [false, true, false, false]);
  assert.deepEqual(reasons, ["evicted"]);
  assert.equal(connections.size, 3);
});

test("ConnectionTable evicts the oldest request when every connection is in one", () => {
  const { connections, clock } = table(2);
  const [a, b, c] = ["a", "b", "c"].map(connection);
  connections.open(a);
  connections.open(b);
  clock.now = 1;
  connections.sweep();
  connections.requestStarted(b);
  clock.now = 2;
  connections.sweep();
  connections.requestStarted(a);
  connections.open(c);
  assert.deepEqual([a, b, c].map((x) => x.closed), [false, true, false]);
});

test("ConnectionTable.closeIdle() closes only connections with no request in progress", () => {
  const { connections } = table();
  const [idle, working] = ["idle", "working"].map(connection);
  connections.open(idle);
  connections.open(working);
  connections.requestStarted(working);
  connections.closeIdle();
  assert.deepEqual([idle.closed, working.closed], [true, false]);
});

test("ConnectionTable sweeps often enough for its shortest timeout", () => {
  const limits = { idleTimeoutMs: 200, requestTimeoutMs: 1000, maxConnections: 1 };
  assert.equal(new ConnectionTable(limits).sweepIntervalMs, 50);
  assert.equal(
    new ConnectionTable({ ...limits, idleTimeoutMs: 5000, requestTimeoutMs: 10_000 })
      .sweepIntervalMs,
    1000,
  );
});

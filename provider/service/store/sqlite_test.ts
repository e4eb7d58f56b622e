import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { withTempDir } from "../../../tooling/temp_dir.ts";
import { openSqlite } from "./sqlite.ts";

/** The connection's `synchronous` setting: 2 is FULL, 1 NORMAL. */
function synchronousOf(path: string, options?: { durable?: boolean }): unknown {
  const db = openSqlite(path, () => {}, options);
  try {
    return db.prepare("PRAGMA synchronous").get()?.synchronous;
  } finally {
    db.close();
  }
}

test("openSqlite() syncs every commit to disk unless the database is declared not durable", async () => {
  await withTempDir((dir) => {
    assert.equal(synchronousOf(join(dir, "kept.db")), 2);
    assert.equal(synchronousOf(join(dir, "thrown-away.db"), { durable: false }), 1);
    return Promise.resolve();
  });
});

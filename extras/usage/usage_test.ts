import assert from "node:assert/strict";
import { test } from "node:test";
import type { HookRecord } from "../hooks/results.ts";
import { schemaPaths, usageRows, usageTable } from "./usage.ts";

const openapi = {
  paths: {
    "/users/{id}": {
      get: {
        responses: {
          "200": {
            content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
          },
          "404": {
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      User: { type: "object", properties: { id: { type: "integer" }, name: {}, email: {} } },
      Error: { type: "object", properties: { error: { type: "string" } } },
    },
  },
};
const asyncapi = { components: { messages: {} } };

const pacts = ["A", "B"].map((name) => ({
  consumer: { name },
  interactions: [{
    type: "Synchronous/HTTP",
    description: `${name} reads user 1`,
    request: { method: "GET", path: "/users/1" },
    response: { status: 200 },
  }],
}));

const pinned = (
  consumer: string,
  value: string,
  read: boolean,
  change = "removed",
): HookRecord => ({
  kind: "pinned",
  consumer,
  description: `${consumer} reads user 1`,
  value,
  change,
  read,
});

test("usageRows(): each described part, with each consumer's use of it", () => {
  const rows = usageRows({
    pacts,
    records: [
      pinned("A", "status", true, "another status"),
      pinned("A", "body $.name", true),
      pinned("A", "body $.id", true),
      pinned("A", "body $.id", false, "of another type"),
      pinned("B", "header content-type", true),
    ],
  }, { openapi, asyncapi });
  const use = (part: string) =>
    rows.find((r) => r.answer === "GET /users/{id} → 200" && r.part === part)?.uses;
  assert.deepEqual(use("status"), { A: "read", B: "not pinned" });
  assert.deepEqual(use("body $.name"), { A: "read", B: "not pinned" });
  assert.deepEqual(
    use("body $.id"),
    { A: "pinned, not read", B: "not pinned" },
    "one change unnoticed",
  );
  assert.deepEqual(
    use("header Content-Type"),
    { A: "not pinned", B: "read" },
    "header names in any case",
  );
  assert.deepEqual(use("body $.email"), { A: "not pinned", B: "not pinned" });
  assert.equal(
    rows.some((r) => r.answer === "GET /users/{id} → 404"),
    false,
    "an answer no pact names",
  );
  assert.match(
    usageTable(rows),
    /\n5 parts: 1 pinned by no consumer \(free to change\), 3 read by every consumer that pins them \(their mutation checks prove it\), 1 pinned by a consumer that never reads them$/,
  );
});

test("schemaPaths(): through $ref, objects and arrays, as the check names body paths", () => {
  const root = {
    components: {
      schemas: {
        U: {
          type: "object",
          properties: {
            id: {},
            tags: { type: "array", items: { type: "object", properties: { n: {} } } },
          },
        },
      },
    },
  };
  assert.deepEqual(
    schemaPaths({
      type: "object",
      properties: { users: { type: "array", items: { $ref: "#/components/schemas/U" } } },
    }, root),
    ["$.users", "$.users[*].id", "$.users[*].tags", "$.users[*].tags[*].n"],
  );
});

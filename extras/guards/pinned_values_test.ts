import assert from "node:assert/strict";
import { test } from "node:test";
import { bodyPaths, changeAt, pinnedValues } from "./pinned_values.ts";

test("pinnedValues(): status, each header, each body path; another type only where matched by type", () => {
  const pinned = pinnedValues({
    type: "Synchronous/HTTP",
    description: "d",
    response: {
      status: 200,
      headers: { "Content-Type": ["application/json"] },
      body: { content: { users: [{ id: 1, name: "A" }] } },
      matchingRules: { body: { "$.users[*].id": { matchers: [{ match: "integer" }] } } },
    },
  });
  assert.deepEqual(pinned.map((p) => `${p.value}: ${p.change}`), [
    "status: another status",
    "header Content-Type: removed",
    "body $.users: removed",
    "body $.users[*].id: removed",
    "body $.users[*].id: of another type",
    "body $.users[*].name: removed",
  ]);
  const answer = {
    status: 200,
    headers: { "content-type": "application/json" },
    body: { users: [{ id: 1, name: "A" }, { id: 2, name: "B" }] },
  };
  assert.equal(pinned[0].apply(answer).status, 500);
  assert.deepEqual(pinned[1].apply(answer).headers, {});
  assert.deepEqual(pinned[4].apply(answer).body, {
    users: [{ id: "1", name: "A" }, { id: "2", name: "B" }],
  });
  assert.deepEqual(answer.body.users[0], { id: 1, name: "A" }, "the answer itself is not changed");
});

test("bodyPaths() and changeAt() walk objects and every array element", () => {
  const body = { event: "e", user: { id: 1 }, list: [{ a: 1 }, { b: 2 }] };
  assert.deepEqual(bodyPaths(body), [
    "$.event",
    "$.user",
    "$.user.id",
    "$.list",
    "$.list[*].a",
    "$.list[*].b",
  ]);
  assert.deepEqual(changeAt(body, "$.user.id"), {
    event: "e",
    user: {},
    list: [{ a: 1 }, { b: 2 }],
  });
  assert.deepEqual(changeAt(body, "$.list[*].a", () => "x"), {
    event: "e",
    user: { id: 1 },
    list: [{ a: "x" }, { b: 2 }],
  });
});

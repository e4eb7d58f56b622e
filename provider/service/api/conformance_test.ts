import assert from "node:assert/strict";
import { test } from "node:test";
import { userDeleted, userUpdated } from "../events/user_events.ts";
import { Conformance } from "./conformance.ts";

const conformance = new Conformance();
const json = { "content-type": "application/json" };
const john = { id: 1, name: "John Doe", email: "john.doe@example.com" };

function seen(status: number, headers: Record<string, string>, body: unknown = "") {
  return {
    status,
    headers: Object.entries(headers),
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

test("a documented answer conforms", () => {
  assert.deepEqual(conformance.responseProblems("GET", "/users/1", seen(200, json, john)), []);
  assert.deepEqual(
    conformance.responseProblems(
      "GET",
      "/users/1",
      seen(401, { ...json, "www-authenticate": 'Bearer realm="UserService"' }, {
        error: "Unauthorized",
      }),
    ),
    [],
  );
  assert.deepEqual(conformance.responseProblems("DELETE", "/users/1", seen(204, {})), []);
  assert.deepEqual(
    conformance.responseProblems("GET", "/nowhere", seen(404, json, { error: "Not found" })),
    [],
  );
});

test("an undocumented status, header or field is a problem", () => {
  assert.deepEqual(
    conformance.responseProblems("GET", "/users/1", seen(418, json, { error: "teapot" })),
    ["GET /users/1 → 418: undocumented status"],
  );
  assert.deepEqual(
    conformance.responseProblems("GET", "/users/1", seen(200, { ...json, "x-debug": "1" }, john)),
    ["GET /users/1 → 200: undocumented header x-debug"],
  );
  assert.deepEqual(
    conformance.responseProblems("GET", "/users/1", seen(200, json, { ...john, phone: "1" })),
    ['GET /users/1 → 200: body (root) must NOT have additional properties: "phone"'],
  );
  assert.deepEqual(
    conformance.responseProblems("GET", "/users/1", seen(200, json, { ...john, id: "1" })),
    ["GET /users/1 → 200: body /id must be integer"],
  );
  assert.deepEqual(
    conformance.responseProblems("PATCH", "/users/1", seen(200, json, john)),
    ["PATCH /users/1 → 200: undocumented (the document answers 405 here)"],
  );
});

test("events conform to their AsyncAPI messages, and a changed one does not", () => {
  assert.deepEqual(conformance.eventProblems(userUpdated(john, 1)), []);
  assert.deepEqual(conformance.eventProblems(userDeleted(1, 2)), []);
  const renamed = userUpdated(john, 1);
  renamed.contents = { ...renamed.contents, customer: john, user: undefined } as never;
  delete (renamed.contents as { user?: unknown }).user;
  assert.deepEqual(conformance.eventProblems(renamed), [
    "user.updated payload (root) must have required property 'user'",
    'user.updated payload (root) must NOT have additional properties: "customer"',
  ]);
  const elsewhere = userDeleted(1, 2);
  elsewhere.metadata = { ...elsewhere.metadata, subject: "users.updated" };
  assert.deepEqual(conformance.eventProblems(elsewhere), [
    "user.deleted metadata /subject must be equal to one of the allowed values",
  ]);
});

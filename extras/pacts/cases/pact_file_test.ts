/**
 * What the committed contract must hold, read from `pacts/`: the kinds of
 * interaction OrderService relies on, and no secret.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

interface Interaction {
  type: string;
  description: string;
  request?: {
    path: unknown;
    query?: Record<string, string[]>;
    headers?: Record<string, string[]>;
    matchingRules?: { header?: Record<string, unknown> };
    generators?: Record<string, unknown>;
  };
  response?: { status: number };
}

const pact = JSON.parse(
  readFileSync(new URL("../../../pacts/OrderService-UserService.json", import.meta.url), "utf8"),
) as { interactions: Interaction[] };
const http = pact.interactions.filter((i) => i.type === "Synchronous/HTTP");

test("the contract holds 200, 404 and 401 interactions", () => {
  const statuses = new Set(http.map((i) => i.response?.status));
  for (const status of [200, 404, 401]) assert.ok(statuses.has(status), `no ${status}`);
});

test("the contract holds a query-string interaction", () => {
  assert.ok(http.some((i) => i.request?.query?.ids));
});

test("every Authorization in the contract is matched by a rule and is the example token", () => {
  const authorized = http.filter((i) => i.request?.headers?.Authorization);
  assert.ok(authorized.length > 0);
  for (const { description, request } of authorized) {
    assert.deepEqual(request?.headers?.Authorization, ["Bearer example-token"], description);
    assert.ok(request?.matchingRules?.header?.Authorization, `${description}: no rule`);
  }
});

test("the contract holds a value generated from a provider state", () => {
  assert.ok(
    http.some((i) => JSON.stringify(i.request?.generators ?? {}).includes("ProviderState")),
  );
});

test("the contract holds at least two asynchronous messages", () => {
  const messages = pact.interactions.filter((i) => i.type === "Asynchronous/Messages");
  assert.ok(messages.length >= 2, `${messages.length} messages`);
});

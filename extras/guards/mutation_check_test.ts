import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { test } from "node:test";
import { instrument } from "./instrument.ts";
import { CONTRACT_CASES, type ContractCase } from "../pacts/cases/mod.ts";
import { checkCase, checkCases, reportVerdicts } from "./mutation_check.ts";
import { bodyPaths, changeAt, pinnedValues } from "./pinned_values.ts";

/** The real case named `name`. */
function realCase(name: string): ContractCase {
  const found = CONTRACT_CASES.find((c) => c.name === name);
  assert.ok(found, `no case "${name}"`);
  return found;
}

/**
 * `contractCase` as if its author had added `field` to every user body it
 * declares (`jsonBody({ id, name, email })` and the users of a batch): the
 * real case, with one field more in its pact.
 */
function withExtraUserField(contractCase: ContractCase, field: string, value: unknown) {
  const addTo = (body: unknown): unknown => {
    if (Array.isArray(body)) return body.map(addTo);
    if (typeof body !== "object" || body === null) return body;
    const record = body as Record<string, unknown>;
    if ("email" in record && "name" in record) return { ...record, [field]: value };
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, addTo(v)]));
  };
  return {
    name: contractCase.name,
    run: (pact) =>
      contractCase.run(instrument(pact, {
        call: (method, args) => method === "jsonBody" ? [addTo(args[0])] : args,
      })),
  } satisfies ContractCase;
}

test("every value OrderService's pact pins is read by its tests", async () => {
  const { ok, text } = reportVerdicts(await checkCases(CONTRACT_CASES));
  assert.ok(ok, text);
  assert.match(text, /Consumer mutation check: (\d+) of \1 pinned values proved read/);
});

test("a field added to the user body that nothing reads is named as over-specified", async () => {
  const phone = MatchersV3.like("555-0100");
  const verdict = await checkCase(
    withExtraUserField(
      realCase("a user that exists is returned with id, name and email"),
      "phone",
      phone,
    ),
  );
  assert.deepEqual(verdict.unread, [
    { value: "body $.phone", change: "removed" },
    { value: "body $.phone", change: "of another type" },
  ]);
  const { ok, text } = reportVerdicts([verdict]);
  assert.equal(ok, false);
  assert.match(
    text,
    /"a request for user 1": body \$\.phone is pinned, but the case passes with it removed/,
  );
  assert.match(text, /5 of 6 pinned values proved read/);
});

test("the same field in every user of a batch is named with its path", async () => {
  const verdict = await checkCase(
    withExtraUserField(
      realCase("several orders' customers come from one batch request"),
      "phone",
      "555-0100",
    ),
  );
  assert.deepEqual(verdict.unread, [{ value: "body $.users[*].phone", change: "removed" }]);
});

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

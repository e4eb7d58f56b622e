import assert from "node:assert/strict";
import { test } from "node:test";
import { junitXml } from "./junit.ts";

test("junitXml() reports each case, failures with their text, escaped", () => {
  const xml = junitXml("provider verification", [
    { group: "OrderService", name: "a request for user 1", ms: 12 },
    {
      group: "OrderService",
      name: 'a batch request for users 1, 2 & "3"',
      ms: 1500,
      failure: "expected 200 but was 404\nActual map is missing <email>",
    },
  ]);
  assert.match(
    xml,
    /<testsuites name="provider verification" tests="2" failures="1" time="1.512">/,
  );
  assert.match(
    xml,
    /<testcase classname="OrderService" name="a request for user 1" time="0.012"\/>/,
  );
  assert.match(xml, /name="a batch request for users 1, 2 &#38; &#34;3&#34;" time="1.500">/);
  assert.match(
    xml,
    /<failure message="expected 200 but was 404">expected 200 but was 404\nActual map is missing &#60;email&#62;<\/failure>/,
  );
});

test("junitXml() drops control characters XML cannot hold", () => {
  assert.match(junitXml("s", [{ group: "g", name: "a\u0000b", ms: 0 }]), /name="ab"/);
});

test("junitXml(): a test suite per consumer, each with its own counts, each case naming its consumer", () => {
  const xml = junitXml("provider verification", [
    { group: "NotificationService → UserService", name: "a user.deleted event", ms: 10 },
    {
      group: "OrderService → UserService",
      name: "a request for user 1",
      ms: 20,
      failure: "$.name: missing",
    },
    { group: "NotificationService → UserService", name: "a request for user 99", ms: 5 },
    { group: "OrderService → UserService", name: "a user.deleted event", ms: 30 },
  ]);
  assert.match(
    xml,
    /<testsuites name="provider verification" tests="4" failures="1" time="0.065">/,
  );
  const suites = [...xml.matchAll(/<testsuite name="([^"]*)" ([^>]*)>([\s\S]*?)<\/testsuite>/g)];
  assert.deepEqual(suites.map(([, name, counts]) => [name, counts]), [
    [
      "NotificationService → UserService",
      'tests="2" failures="0" errors="0" skipped="0" time="0.015"',
    ],
    ["OrderService → UserService", 'tests="2" failures="1" errors="0" skipped="0" time="0.050"'],
  ]);
  for (const [, name, , body] of suites) {
    const classnames = [...body.matchAll(/classname="([^"]*)"/g)].map(([, c]) => c);
    assert.deepEqual(classnames, [name, name]);
  }
});

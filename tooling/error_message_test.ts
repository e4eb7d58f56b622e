import assert from "node:assert/strict";
import { test } from "node:test";
import { firstLineOf, messageOf } from "./error_message.ts";

test("messageOf(): an Error's message, or anything else thrown as a string", () => {
  assert.equal(messageOf(new TypeError("bad id")), "bad id");
  assert.equal(messageOf("plain"), "plain");
  assert.equal(messageOf(42), "42");
  assert.equal(messageOf(undefined), "undefined");
});

test("firstLineOf(): the first line of the message", () => {
  assert.equal(firstLineOf(new Error("first\nsecond")), "first");
});

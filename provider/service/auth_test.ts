import assert from "node:assert/strict";
import { test } from "node:test";
import { bearerToken, bearerTokenCheck, secretCheck } from "./auth.ts";

test("secretCheck() accepts exactly the expected secret", () => {
  const isToken = secretCheck("dev-token");
  assert.equal(isToken("dev-token"), true);
  for (const other of ["", "dev-toke", "dev-tokenx", "Dev-token", "dev-tokeñ", "dev\u0000token"]) {
    assert.equal(isToken(other), false, JSON.stringify(other));
  }
});

test("secretCheck() refuses an empty expected secret", () => {
  assert.throws(() => secretCheck(""), TypeError);
});

test("bearerToken() reads the token of Authorization: Bearer, any case of the scheme", () => {
  const request = (value: string) =>
    new Request("http://localhost/", { headers: { Authorization: value } });
  assert.equal(bearerToken(request("Bearer abc")), "abc");
  assert.equal(bearerToken(request("bearer abc")), "abc");
  assert.equal(bearerToken(request("Basic abc")), undefined);
  assert.equal(bearerToken(request("Bearer a b")), undefined);
  assert.equal(bearerToken(new Request("http://localhost/")), undefined);
});

test("bearerTokenCheck() accepts the expected token only", () => {
  const isAuthorized = bearerTokenCheck("t0k3n");
  const withToken = (token: string) =>
    new Request("http://localhost/", { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(isAuthorized(withToken("t0k3n")), true);
  assert.equal(isAuthorized(withToken("t0k3")), false);
  assert.equal(isAuthorized(new Request("http://localhost/")), false);
});

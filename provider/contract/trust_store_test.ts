import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { useTrustStoreBundleOnly } from "./trust_store.ts";

test("useTrustStoreBundleOnly() names the system bundle and an empty folder", (t) => {
  const env: Record<string, string | undefined> = { SSL_CERT_DIR: "/etc/ssl/certs" };
  useTrustStoreBundleOnly(env);
  if (env.SSL_CERT_FILE === undefined) {
    t.skip("skipped: no CA bundle on this machine");
    return;
  }
  assert.ok(existsSync(env.SSL_CERT_FILE), "the bundle exists");
  assert.deepEqual(readdirSync(env.SSL_CERT_DIR!), [], "the folder is empty");
});

test("useTrustStoreBundleOnly() leaves a trust store chosen by the user alone", () => {
  for (
    const chosen of [
      { SSL_CERT_DIR: "/my/certs" },
      { SSL_CERT_FILE: "/my/ca.pem" },
      { SSL_CERT_FILE: "/my/ca.pem", SSL_CERT_DIR: "/etc/ssl/certs" },
    ]
  ) {
    const env: Record<string, string | undefined> = { ...chosen };
    useTrustStoreBundleOnly(env);
    assert.deepEqual(env, chosen);
  }
});

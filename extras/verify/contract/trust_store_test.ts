import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { useTrustStoreBundleOnly } from "./trust_store.ts";

test("useTrustStoreBundleOnly() names the system bundle and an empty folder of its own", (t) => {
  const env: Record<string, string | undefined> = { SSL_CERT_DIR: "/etc/ssl/certs" };
  using _trust = useTrustStoreBundleOnly(env);
  if (env.SSL_CERT_FILE === undefined) {
    t.skip("skipped: no CA bundle on this machine");
    return;
  }
  assert.ok(existsSync(env.SSL_CERT_FILE), "the bundle exists");
  assert.deepEqual(readdirSync(env.SSL_CERT_DIR!), [], "the folder is empty");
  assert.equal(statSync(env.SSL_CERT_DIR!).mode & 0o077, 0, "no one else may write in it");
});

test("useTrustStoreBundleOnly() never uses a folder someone else could have made first", (t) => {
  // On a shared machine anyone may create a fixed name in /tmp first and put a CA in it.
  const planted = join(tmpdir(), "pact-verifier-no-extra-certs");
  const existed = existsSync(planted);
  if (!existed) mkdirSync(planted);
  try {
    const env: Record<string, string | undefined> = {};
    using _trust = useTrustStoreBundleOnly(env);
    if (env.SSL_CERT_FILE === undefined) return t.skip("skipped: no CA bundle on this machine");
    assert.notEqual(env.SSL_CERT_DIR, planted);
  } finally {
    if (!existed) rmSync(planted, { recursive: true, force: true });
  }
});

test("useTrustStoreBundleOnly() gives the environment back and removes its folder when disposed", (t) => {
  const env: Record<string, string | undefined> = { SSL_CERT_DIR: "/etc/ssl/certs/", OTHER: "x" };
  const before = { ...env };
  let folder: string | undefined;
  {
    using _trust = useTrustStoreBundleOnly(env);
    if (env.SSL_CERT_FILE === undefined) return t.skip("skipped: no CA bundle on this machine");
    folder = env.SSL_CERT_DIR;
  }
  assert.deepEqual(env, before);
  assert.equal(existsSync(folder!), false, "its folder is gone");
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
    using _trust = useTrustStoreBundleOnly(env);
    assert.deepEqual(env, chosen);
  }
});

test("useTrustStoreBundleOnly({ tls: false }) trusts one certificate of the bundle, for a verification that makes no TLS connection", (t) => {
  const env: Record<string, string | undefined> = { SSL_CERT_DIR: "/etc/ssl/certs" };
  using _trust = useTrustStoreBundleOnly(env, { tls: false });
  if (env.SSL_CERT_FILE === undefined) return t.skip("skipped: no CA bundle on this machine");
  const pem = readFileSync(env.SSL_CERT_FILE, "utf8");
  assert.equal(pem.match(/-----BEGIN CERTIFICATE-----/g)?.length, 1);
  assert.ok(env.SSL_CERT_FILE.startsWith(env.SSL_CERT_DIR!), "inside the folder of its own");
});

test("useTrustStoreBundleOnly() replaces its own settings inherited from a verification that has ended", (t) => {
  // A process started during a verification (by another test of the same process, say)
  // inherits the names of a folder that is gone once that verification ends.
  const parent: Record<string, string | undefined> = {};
  let inherited: Record<string, string | undefined>;
  {
    using _verifying = useTrustStoreBundleOnly(parent, { tls: false });
    if (parent.SSL_CERT_FILE === undefined) return t.skip("skipped: no CA bundle on this machine");
    inherited = { ...parent };
  }
  {
    using _trust = useTrustStoreBundleOnly(inherited, { tls: false });
    assert.ok(existsSync(inherited.SSL_CERT_FILE!), "the certificate it names is there");
  }
  assert.deepEqual(inherited, {}, "nothing left that names a folder that is gone");
});

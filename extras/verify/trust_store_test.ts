import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { test } from "node:test";
import { withTempDir } from "../../tooling/temp_dir.ts";
import { trustStoreEnv } from "./trust_store.ts";

const BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

test("trustStoreEnv(): with TLS, the system bundle and an empty folder of the run's own", async (t) => {
  if (!existsSync(BUNDLE)) return t.skip(`skipped: no CA bundle at ${BUNDLE}`);
  await withTempDir((dir) => {
    const env = trustStoreEnv({ SSL_CERT_DIR: "/etc/ssl/certs" }, dir, { tls: true });
    assert.equal(env.SSL_CERT_FILE, BUNDLE);
    assert.deepEqual(readdirSync(env.SSL_CERT_DIR), [], "the folder is empty");
    assert.equal(statSync(env.SSL_CERT_DIR).mode & 0o077, 0, "no one else may write in it");
  });
});

test("trustStoreEnv(): without TLS, one certificate of the bundle", async (t) => {
  if (!existsSync(BUNDLE)) return t.skip(`skipped: no CA bundle at ${BUNDLE}`);
  await withTempDir((dir) => {
    const env = trustStoreEnv({}, dir, { tls: false });
    const pem = readFileSync(env.SSL_CERT_FILE, "utf8");
    assert.equal(pem.match(/-----BEGIN CERTIFICATE-----/g)?.length, 1);
  });
});

test("trustStoreEnv(): a trust store the user chose is left alone", async () => {
  await withTempDir((dir) => {
    for (const chosen of [{ SSL_CERT_DIR: "/my/certs" }, { SSL_CERT_FILE: "/my/ca.pem" }]) {
      assert.deepEqual(trustStoreEnv(chosen, dir, { tls: true }), {});
    }
  });
});

import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** Where Linux distributions keep the bundle of trusted CA certificates. */
const BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/cert.pem", // macOS, Arch
];

/**
 * Points the Pact core's TLS set-up at the system's CA bundle alone.
 *
 * Why: the verifier inside the Pact core builds a new HTTP client for every
 * interaction, and each build loads the system trust store: the bundle and,
 * through `SSL_CERT_DIR`, every file in `/etc/ssl/certs` again (strace: for 10
 * interactions the bundle was opened 24 times and each of those files 11
 * times). The bundle already holds every one of those certificates, so with
 * `SSL_CERT_FILE` naming it and `SSL_CERT_DIR` an empty folder the same CAs
 * are trusted and a Pact Broker over HTTPS is still verified; only the
 * reading of a few hundred files per interaction goes. Does nothing when
 * either variable is set already, or when no bundle is found.
 */
export function useTrustStoreBundleOnly(env: Record<string, string | undefined> = process.env) {
  if (env.SSL_CERT_FILE !== undefined || env.SSL_CERT_DIR !== undefined) return;
  const bundle = BUNDLES.find((path) => existsSync(path));
  if (!bundle) return;
  const empty = join(tmpdir(), "pact-verifier-no-extra-certs"); // one empty folder, reused
  mkdirSync(empty, { recursive: true });
  env.SSL_CERT_FILE = bundle;
  env.SSL_CERT_DIR = empty;
}

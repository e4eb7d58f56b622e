import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** Where Linux distributions keep the bundle of trusted CA certificates. */
const BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/cert.pem", // macOS, Arch
];

/** The folders of one certificate per file that those bundles are made from. */
const SYSTEM_DIRS = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

/**
 * Points the Pact core's TLS set-up at the system's CA bundle alone.
 *
 * Why: the verifier inside the Pact core builds a new HTTP client for every
 * interaction, and each build loads the system trust store: the bundle and,
 * through `SSL_CERT_DIR`, every file in `/etc/ssl/certs` again (strace: for
 * 110 interactions, 65,000 opens of those files). The bundle already holds
 * every one of those certificates (the distribution builds it from them), so
 * with `SSL_CERT_FILE` naming it and `SSL_CERT_DIR` an empty folder the same
 * CAs are trusted and a Pact Broker over HTTPS is still verified; only the
 * reading of a few hundred files per interaction goes.
 *
 * The empty folder is made for this run (`mkdtemp`: a new name, only this
 * user may write in it), never a fixed path another user of the machine could
 * create first and fill with a CA of their own. Disposing the result gives
 * `env` back as it was and removes the folder.
 *
 * It changes nothing when `SSL_CERT_DIR` names a folder of your own (not the
 * system's), when `SSL_CERT_FILE` names a file that is not a system bundle,
 * or when no bundle is found. A CA copied into `/etc/ssl/certs` by hand,
 * without `update-ca-certificates`, is in the folder but not in the bundle:
 * run that command, or set `SSL_CERT_DIR` to another folder holding it.
 *
 * @example
 * ```ts
 * using _trust = useTrustStoreBundleOnly();
 * await verifier.verifyProvider();
 * ```
 */
export function useTrustStoreBundleOnly(
  env: Record<string, string | undefined> = process.env,
): Disposable {
  const { SSL_CERT_FILE: file, SSL_CERT_DIR: dir } = env;
  const unchanged = { [Symbol.dispose]() {} };
  if (dir !== undefined && !SYSTEM_DIRS.includes(dir.replace(/\/+$/, ""))) return unchanged;
  const bundle = file ?? BUNDLES.find((path) => existsSync(path));
  if (!bundle || !BUNDLES.includes(bundle) || !existsSync(bundle)) return unchanged;
  const empty = mkdtempSync(join(tmpdir(), "pact-verifier-no-extra-certs-"));
  env.SSL_CERT_FILE = bundle;
  env.SSL_CERT_DIR = empty;
  return {
    [Symbol.dispose]() {
      restore(env, "SSL_CERT_FILE", file);
      restore(env, "SSL_CERT_DIR", dir);
      rmSync(empty, { recursive: true, force: true });
    },
  };
}

function restore(env: Record<string, string | undefined>, name: string, value?: string): void {
  if (value === undefined) delete env[name];
  else env[name] = value;
}

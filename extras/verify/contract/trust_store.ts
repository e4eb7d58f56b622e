import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import process from "node:process";

/** Where Linux distributions keep the bundle of trusted CA certificates. */
const BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/cert.pem", // macOS, Arch
];

/** The folders of one certificate per file that those bundles are made from. */
const SYSTEM_DIRS = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

/** The start of the name of each folder this makes in the temporary folder. */
const FOLDER_PREFIX = "pact-verifier-no-extra-certs-";

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
 * With `tls: false` (local pact files and a provider on `http:`: the
 * verifier makes no TLS connection at all) `SSL_CERT_FILE` names a copy of
 * the bundle's first certificate alone, in the folder of its own (which then
 * holds that one certificate rather than none): each client build
 * then parses one certificate instead of a few hundred (9 interactions: 57
 * ms → 45 ms). One, not none: the core refuses to build a client with an
 * empty trust store, and every interaction fails.
 *
 * The empty folder is made for this run (`mkdtemp`: a new name, only this
 * user may write in it), never a fixed path another user of the machine could
 * create first and fill with a CA of their own. Disposing the result gives
 * `env` back as it was and removes the folder.
 *
 * Its own settings are not a choice of yours: a process started during a
 * verification inherits them (a test module beside another in one `deno
 * test` process, say), and once that verification ends they name a folder
 * that is gone. Such settings are replaced here and, on disposal, dropped.
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
  options: { tls?: boolean } = {},
): Disposable {
  const own = ownFolder(env.SSL_CERT_DIR);
  // Settings of a verification that has ended name a folder that is gone: none to give back.
  const { SSL_CERT_FILE: file, SSL_CERT_DIR: dir } = own && !existsSync(own) ? {} : env;
  const unchanged = { [Symbol.dispose]() {} };
  if (!own && dir !== undefined && !SYSTEM_DIRS.includes(dir.replace(/\/+$/, ""))) {
    return unchanged;
  }
  const bundle = (own ? undefined : file) ?? BUNDLES.find((path) => existsSync(path));
  if (!bundle || !BUNDLES.includes(bundle) || !existsSync(bundle)) return unchanged;
  const empty = mkdtempSync(join(tmpdir(), FOLDER_PREFIX));
  env.SSL_CERT_FILE = options.tls === false ? firstCertificateOf(bundle, empty) : bundle;
  env.SSL_CERT_DIR = empty;
  return {
    [Symbol.dispose]() {
      restore(env, "SSL_CERT_FILE", file);
      restore(env, "SSL_CERT_DIR", dir);
      rmSync(empty, { recursive: true, force: true });
    },
  };
}

/** `dir` when it is a folder this function made (for this process or the one that started it). */
function ownFolder(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const path = dir.replace(/\/+$/, "");
  return dirname(path) === tmpdir() && basename(path).startsWith(FOLDER_PREFIX) ? path : undefined;
}

function restore(env: Record<string, string | undefined>, name: string, value?: string): void {
  if (value === undefined) delete env[name];
  else env[name] = value;
}

/** A file in the private folder `dir` holding the first certificate of `bundle`; its path. */
function firstCertificateOf(bundle: string, dir: string): string {
  const pem = readFileSync(bundle, "utf8");
  const end = pem.indexOf("-----END CERTIFICATE-----");
  const path = join(dir, "first-certificate.pem");
  writeFileSync(
    path,
    end === -1 ? pem : pem.slice(0, end + "-----END CERTIFICATE-----".length) + "\n",
  );
  return path;
}

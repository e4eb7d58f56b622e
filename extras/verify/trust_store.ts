/**
 * The trust store the verifying process is started with: a speed-up for the
 * Pact core, set in that child process's environment only.
 *
 * Why: the Pact core's verifier builds a new HTTP client for every
 * interaction, and each build loads the system trust store: the CA bundle
 * and, through `SSL_CERT_DIR`, every file of `/etc/ssl/certs` again (strace:
 * for 110 interactions, 65,000 opens of those files). The bundle already
 * holds every one of those certificates (the distribution builds it from
 * them), so with `SSL_CERT_FILE` naming it and `SSL_CERT_DIR` an empty folder
 * the same CAs are trusted and a Pact Broker over HTTPS is still verified.
 * When the verification makes no TLS connection at all (local pact files, a
 * provider on `http:`), `SSL_CERT_FILE` names one certificate of the bundle
 * alone: each client build then parses one certificate instead of a few
 * hundred. One, not none: the core refuses to build a client with an empty
 * trust store.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where Linux distributions keep the bundle of trusted CA certificates. */
const BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/cert.pem", // macOS, Arch
];

/** The folders of one certificate per file that those bundles are made from. */
const SYSTEM_DIRS = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

const END = "-----END CERTIFICATE-----";

/**
 * The `SSL_CERT_FILE` and `SSL_CERT_DIR` for a verifying process, with what
 * it needs in `dir` (a private folder of the caller's, removed with it); none
 * when `env` chose a trust store of its own or no system bundle is found.
 *
 * @example
 * ```ts
 * const env = trustStoreEnv(process.env, dir, { tls: false });
 * spawn(command, args, { env: { ...process.env, ...env } });
 * ```
 */
export function trustStoreEnv(
  env: Record<string, string | undefined>,
  dir: string,
  options: { tls: boolean },
): Record<string, string> {
  const { SSL_CERT_FILE: file, SSL_CERT_DIR: certDir } = env;
  if (certDir !== undefined && !SYSTEM_DIRS.includes(certDir.replace(/\/+$/, ""))) return {};
  const bundle = file ?? BUNDLES.find((path) => existsSync(path));
  if (!bundle || !BUNDLES.includes(bundle) || !existsSync(bundle)) return {};
  const empty = join(dir, "no-extra-certificates");
  mkdirSync(empty, { recursive: true, mode: 0o700 });
  if (options.tls) return { SSL_CERT_FILE: bundle, SSL_CERT_DIR: empty };
  const pem = readFileSync(bundle, "utf8");
  const end = pem.indexOf(END);
  const one = join(dir, "one-certificate.pem");
  writeFileSync(one, end === -1 ? pem : `${pem.slice(0, end + END.length)}\n`);
  return { SSL_CERT_FILE: one, SSL_CERT_DIR: empty };
}

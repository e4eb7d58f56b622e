import { type ConnectionLimits, DEFAULT_TIMEOUTS } from "./adapters/connection_limits.ts";

/** How UserService is configured; every field has an offline default. */
export interface Config {
  /** Interface to listen on (`HOST`, default `127.0.0.1`). */
  hostname: string;
  /** Port to listen on (`PORT`, default `8000`; `0` picks a free one). */
  port: number;
  /**
   * A Unix socket to listen on instead of `HOST`:`PORT` (`UNIX_SOCKET`), for a
   * reverse proxy in front: then no TCP port is open.
   */
  path?: string;
  /** SQLite database file (`USERS_DB`, default `users.db`; `:memory:` allowed). */
  usersDb: string;
  /**
   * PostgreSQL instead of SQLite (`DATABASE_URL`, `postgres://user:password@host/db`,
   * or `postgres://user@/db?host=/run/postgresql` for a Unix socket).
   */
  databaseUrl?: string;
  /** The bearer token clients must send (`USER_SERVICE_TOKEN`); unset: one is made up. */
  token: string | undefined;
  /**
   * Bounds on connections (`IDLE_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS`, `MAX_CONNECTIONS`);
   * `maxConnections` is left out when unset, for the server to derive from the open-file limit.
   */
  limits: Omit<ConnectionLimits, "maxConnections"> & { maxConnections?: number };
  /** How long a write waits for another process's lock before a 503 (`LOCK_WAIT_MS`, 2000). */
  lockWaitMs: number;
  /**
   * NATS with JetStream to relay the outbox's events to (`NATS_URL`, e.g.
   * `nats://127.0.0.1:4222`); unset: events stay in the outbox.
   */
  natsUrl?: string;
  /** How long sent events stay in the outbox before they are pruned (`OUTBOX_RETENTION_MS`, one hour). */
  outboxRetentionMs: number;
}

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Reads {@linkcode Config} from environment variables through `getEnv`.
 *
 * @example
 * ```ts
 * const config = readConfig((name) => process.env[name]);
 * ```
 */
export function readConfig(getEnv: (name: string) => string | undefined): Config {
  const port = getEnv("PORT") ?? "8000";
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${port}"`);
  }
  const usersDb = getEnv("USERS_DB") || "users.db";
  const token = getEnv("USER_SERVICE_TOKEN") || undefined;
  if (token !== undefined && !/^[A-Za-z0-9._~+/-]+=*$/.test(token)) {
    throw new ConfigError("USER_SERVICE_TOKEN must be a bearer token: letters, digits and -._~+/");
  }
  const limits = {
    idleTimeoutMs: positiveInteger(getEnv, "IDLE_TIMEOUT_MS") ?? DEFAULT_TIMEOUTS.idleTimeoutMs,
    requestTimeoutMs: positiveInteger(getEnv, "REQUEST_TIMEOUT_MS") ??
      DEFAULT_TIMEOUTS.requestTimeoutMs,
    ...optional("maxConnections", positiveInteger(getEnv, "MAX_CONNECTIONS")),
  };
  const path = getEnv("UNIX_SOCKET") || undefined;
  if (path !== undefined && !path.startsWith("/")) {
    throw new ConfigError(`UNIX_SOCKET must be an absolute path, got "${path}"`);
  }
  return {
    hostname: getEnv("HOST") || "127.0.0.1",
    port: Number(port),
    ...optional("path", path),
    usersDb,
    ...optional("databaseUrl", databaseUrl(getEnv("DATABASE_URL"))),
    token,
    limits,
    lockWaitMs: positiveInteger(getEnv, "LOCK_WAIT_MS") ?? 2000,
    ...optional("natsUrl", natsUrl(getEnv("NATS_URL"))),
    outboxRetentionMs: positiveInteger(getEnv, "OUTBOX_RETENTION_MS") ?? 3_600_000,
  };
}

/** `DATABASE_URL` checked: a `postgres://` URL, `undefined` when unset. */
function databaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError("DATABASE_URL must be a postgres:// URL (SQLite is USERS_DB)");
  }
  return value;
}

/** `NATS_URL` checked: a `nats://` URL (or `tls://`), `undefined` when unset. */
function natsUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^(nats|tls):\/\/[^\s/]+\/?$/.test(value)) {
    throw new ConfigError(
      `NATS_URL must be a nats:// URL such as nats://127.0.0.1:4222, got "${value}"`,
    );
  }
  return value;
}

/** The variable `name` as a positive integer, `undefined` when unset. */
function positiveInteger(getEnv: (name: string) => string | undefined, name: string) {
  const value = getEnv(name);
  if (!value) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
  }
  return Number(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

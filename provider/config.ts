/** How UserService is configured; every field has an offline default. */
export interface Config {
  /** Interface to listen on (`HOST`, default `127.0.0.1`). */
  hostname: string;
  /** Port to listen on (`PORT`, default `8000`; `0` picks a free one). */
  port: number;
  /** SQLite database file (`USERS_DB`, default `users.db`; `:memory:` allowed). */
  usersDb: string;
  /** The bearer token clients must send (`USER_SERVICE_TOKEN`); unset: one is made up. */
  token: string | undefined;
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
  return { hostname: getEnv("HOST") || "127.0.0.1", port: Number(port), usersDb, token };
}

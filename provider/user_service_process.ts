import { type ProviderProcess, startProviderProcess } from "../tooling/server_process.ts";
import { providerEntry } from "./entry.ts";

/** UserService running as its own process: where it listens, and how to stop it. */
export type UserServiceProcess = ProviderProcess;

/** What the UserService process is given. */
export interface UserServiceProcessOptions {
  /** The SQLite database it serves (`USERS_DB`). */
  usersDb: string;
  /** The bearer token it accepts (`USER_SERVICE_TOKEN`). */
  token: string;
  /** More of its environment (`LOCK_WAIT_MS`, …). */
  env?: Record<string, string>;
  /** Receives each line it prints; by default printed with a `[provider]` prefix. */
  onLine?: (line: string) => void;
}

/**
 * Starts UserService from source as its own process, with the runtime that
 * runs this code: on 127.0.0.1 and a port the system picks (`PORT=0`),
 * resolving once it has said where it listens and `GET /health` answers.
 * Stop it with `stop()` (SIGTERM: requests in flight finish, the database
 * is closed).
 *
 * @example
 * ```ts
 * const userService = await startUserService({ usersDb: "/tmp/users.db", token: "t" });
 * try {
 *   await fetch(new URL("/users/1", userService.url));
 * } finally {
 *   await userService.stop();
 * }
 * ```
 */
export async function startUserService(
  options: UserServiceProcessOptions,
): Promise<UserServiceProcess> {
  const { command, args } = providerEntry();
  return await startProviderProcess(command, {
    args,
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      USERS_DB: options.usersDb,
      USER_SERVICE_TOKEN: options.token,
      ...options.env,
    },
    onLine: options.onLine,
  });
}

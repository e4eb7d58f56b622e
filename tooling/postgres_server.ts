import { spawnSync } from "node:child_process";
import { chownSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { ServerMissingError } from "./server_missing.ts";
import { temporaryDir } from "./temp_dir.ts";

/** A PostgreSQL server of its own, in a temporary folder, reached through a Unix socket only. */
export interface PostgresServer extends AsyncDisposable {
  /** A `DATABASE_URL` for database `name` (default `postgres`): `postgres://postgres@/<name>?host=<folder>`. */
  url(name?: string): string;
  /** Creates database `name`, for a test of its own. */
  createDatabase(name: string): void;
  /** Stops the server (a fast shutdown: sessions are cut, as in a crash of the network). */
  stop(): Promise<void>;
  /** Starts it again with the same data. */
  start(): Promise<void>;
}

/** Where Debian keeps PostgreSQL's programs: the newest version installed. */
function binaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], "bin");
}

/**
 * Runs a PostgreSQL program. PostgreSQL refuses to run as root, so as root it
 * runs as the `postgres` user (Debian's package makes it) through `runuser`.
 */
function run(bin: string, program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]]
    : [join(bin, program), args];
  const result = spawnSync(command, argv, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${program} failed: ${(result.stderr || result.stdout).trim()}`);
  }
}

/**
 * Starts Debian's PostgreSQL in a new temporary folder: `initdb`, then
 * `pg_ctl start` listening on a Unix socket in that folder and on no TCP
 * port (so no port is fixed, and none is shared). Rejects with
 * {@linkcode ServerMissingError} when PostgreSQL is not installed. Disposing
 * stops it and removes the folder.
 *
 * @example
 * ```ts
 * await using postgres = await startPostgres();
 * const store = await PostgresUserStore.open(postgres.url());
 * ```
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  if (!bin) throw new ServerMissingError("PostgreSQL", "apt-get install postgresql");
  const dirTemp = temporaryDir("postgres-");
  const dir = dirTemp.path;
  if (process.getuid?.() === 0) {
    const id = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
  }
  const data = join(dir, "data");
  const options = [
    "-c listen_addresses=''",
    `-c unix_socket_directories=${dir}`,
    "-c max_connections=200",
  ].join(" ");
  const start = () => {
    run(bin, "pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", "start"]);
    return Promise.resolve();
  };
  const stop = () => {
    if (existsSync(join(data, "postmaster.pid"))) {
      run(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    }
    return Promise.resolve();
  };
  try {
    run(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    await start();
  } catch (error) {
    dirTemp.remove();
    throw error;
  }
  return {
    url: (name = "postgres") => `postgres://postgres@/${name}?host=${dir}`,
    createDatabase(name: string) {
      run(bin, "createdb", ["-h", dir, "-U", "postgres", name]);
    },
    stop,
    start,
    async [Symbol.asyncDispose]() {
      await stop();
      dirTemp.remove();
    },
  };
}

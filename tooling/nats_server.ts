import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import process from "node:process";
import { createInterface } from "node:readline";
import { ServerMissingError } from "./server_missing.ts";
import { temporaryDir } from "./temp_dir.ts";

/** A `nats-server` with JetStream, in a folder of its own. */
export interface NatsServer extends AsyncDisposable {
  /** Where clients connect: `nats://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server (SIGTERM); its stream data stays, for {@linkcode restart}. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data (a broker that was down comes back). */
  restart(): Promise<void>;
}

const READY = /Listening for client connections on [^\s]*:(\d+)/;

/** Starts nats-server on `port` (0: one the system picks); resolves to the process and port. */
async function launch(storeDir: string, port: number): Promise<[ChildProcess, number]> {
  const child = spawn("nats-server", [
    "-js",
    "-sd",
    storeDir,
    "-a",
    "127.0.0.1",
    "-p",
    port === 0 ? "-1" : String(port), // -1: a random free port, which it prints
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stderr! });
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("nats-server did not start within 10 s")),
      10_000,
    );
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with code ${code} before it was ready`));
    });
    lines.on("line", (line) => {
      const match = READY.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return [child, bound];
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  process.kill(child.pid!, "SIGTERM");
  await exited;
}

/**
 * Starts Debian's `nats-server` with JetStream, its data in a new temporary
 * folder, on a port the system picks (nothing fixed). Rejects with
 * {@linkcode ServerMissingError} when it is not installed. Disposing stops it
 * and removes the folder.
 *
 * @example
 * ```ts
 * await using nats = await startNatsServer();
 * const publisher = jetStreamPublisher(nats.url);
 * ```
 */
export async function startNatsServer(): Promise<NatsServer> {
  if (spawnSync("nats-server", ["--version"], { stdio: "ignore" }).status !== 0) {
    throw new ServerMissingError("nats-server", "apt-get install nats-server");
  }
  const dirTemp = temporaryDir("nats-");
  const dir = dirTemp.path;
  let [child, port] = await launch(dir, 0).catch((error) => {
    dirTemp.remove();
    throw error;
  });
  const stop = () => terminate(child);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      // The same port again, so that clients reconnect to the URL they know.
      [child, port] = await launch(dir, port);
    },
    async [Symbol.asyncDispose]() {
      await stop();
      dirTemp.remove();
    },
  };
}

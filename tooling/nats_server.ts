import { spawnSync } from "node:child_process";
import { ServerMissingError } from "./server_missing.ts";
import { type ReadyProcess, spawnReady } from "./spawn_ready.ts";
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
async function launch(storeDir: string, port: number): Promise<[ReadyProcess, number]> {
  const nats = spawnReady("nats-server", {
    args: ["-js", "-sd", storeDir, "-a", "127.0.0.1", "-p", port === 0 ? "-1" : String(port)], // -1: a random free port, which it prints
    ready: READY,
    readyOn: "stderr",
    what: "nats-server",
  });
  return [nats, Number((await nats.ready)[1])];
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
  const stop = async () => void await child.stop();
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

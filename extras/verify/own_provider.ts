import { join } from "node:path";
import type { Command } from "../../tooling/runtime.ts";
import { type ProviderProcess, startProviderProcess } from "../../tooling/server_process.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import type { ProviderUnderTest } from "./contract/parallel.ts";

/** Options of {@linkcode providerStarter}. */
export interface ProviderStarterOptions {
  /** The folder the providers' databases go in (`users-<n>.db`). */
  dir: string;
  /** The token the providers accept. */
  token: string;
  /** Receives each line a provider prints; default: printed with a `[provider]` prefix. */
  onLine?: (line: string) => void;
}

/**
 * Starts UserService with `command` as provider number `n` under
 * verification: its own process on a free port, over a database of its own
 * in `dir`, with the store its provider states write to. Every provider it
 * started is in `running`, for a clean-up on a signal.
 */
export function providerStarter({ command, args }: Command, options: ProviderStarterOptions) {
  const running = new Set<ProviderProcess>();
  async function start(n: number): Promise<ProviderUnderTest> {
    const usersDb = join(options.dir, `users-${n}.db`);
    const store = new SqliteUserStore(usersDb, { durable: false }); // removed after the run
    let provider: ProviderProcess;
    try {
      provider = await startProviderProcess(command, {
        args,
        env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: options.token },
        onLine: options.onLine,
      });
    } catch (error) {
      store.close();
      throw error;
    }
    running.add(provider);
    return {
      url: provider.url,
      store,
      async [Symbol.asyncDispose]() {
        running.delete(provider);
        await provider.stop();
        store.close();
      },
    };
  }
  return { start, running };
}

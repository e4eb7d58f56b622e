/**
 * The first interaction a process runs with pact-js pays for the Pact core
 * getting ready: its first mock server, its first message pact, the
 * runtime's first `fetch`. A consumer run started ahead of time pays that
 * while it waits, with a throwaway pact of its own, so that the consumers'
 * tests, once told to go, run as fast as every later interaction.
 *
 * @module
 */
import { type LogLevel, PactV4 } from "@pact-foundation/pact";
import process from "node:process";
import { temporaryDir } from "../../tooling/temp_dir.ts";

/**
 * Runs one HTTP and one message interaction of a pact between two parties no
 * test names, written to a folder removed afterwards. Call it before the
 * hooks are installed: it is no test, and nothing records it.
 */
export async function warmUpPactCore(): Promise<void> {
  using dir = temporaryDir("pact-warm-up-");
  // The Pact core takes its log level from the first pact of the process: the tests' own.
  const logLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? "warn";
  const pact = () =>
    new PactV4({ consumer: "WarmUp", provider: "WarmUp", dir: dir.path, logLevel });
  await pact()
    .addInteraction()
    .uponReceiving("a warm-up request")
    .withRequest("GET", "/warm-up")
    .willRespondWith(200, (builder) => builder.jsonBody({ warm: true }))
    .executeTest(async (server) => {
      const response = await fetch(`${server.url}/warm-up`);
      await response.json();
    });
  await pact()
    .addAsynchronousInteraction()
    .expectsToReceive("a warm-up message", (builder) => builder.withJSONContent({ warm: true }))
    .executeTest(() => Promise.resolve());
}

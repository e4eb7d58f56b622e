import { type LogLevel, PactV4, SpecificationVersion } from "@pact-foundation/pact";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The repository's `pacts/` folder: the contract files the provider verifies. */
const PACT_DIR: string = fileURLToPath(new URL("../pacts/", import.meta.url));

/**
 * A new pact between OrderService (the consumer) and UserService (the
 * provider), written to `pacts/OrderService-UserService.json` when a test's
 * `executeTest` passes.
 *
 * @example
 * ```ts
 * const pact = userServicePact();
 * await pact.addInteraction().uponReceiving("a request for user 1") // …
 * ```
 */
export function userServicePact(): PactV4 {
  return new PactV4({
    consumer: "OrderService",
    provider: "UserService",
    dir: PACT_DIR,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: (process.env.LOG_LEVEL as LogLevel | undefined) ?? "warn",
  });
}

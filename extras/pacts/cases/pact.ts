import { MatchersV3, PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { fileURLToPath } from "node:url";

/** The consumer's name in the contracts. */
export const CONSUMER_NAME = "OrderService";

/** The repository's `pacts/` folder. */
export const PACT_DIR: string = fileURLToPath(new URL("../../../pacts/", import.meta.url));

/**
 * A new PactV4 between OrderService and UserService, writing to `dir`. One
 * per interaction: no builder is shared.
 */
export function userServicePact(dir: string): PactV4 {
  return new PactV4({
    consumer: CONSUMER_NAME,
    provider: "UserService",
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: "warn",
  });
}

/** `Content-Type` of a JSON answer, parameters allowed. */
export const JSON_CONTENT_TYPE = MatchersV3.regex(/^application\/json(;.*)?$/, "application/json");

/** The pattern an email must match. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * `Authorization` matched by pattern, with an example value: no real token is
 * written to the contract; the verifier sends the provider's real one.
 */
export const BEARER = MatchersV3.regex(
  /^Bearer [A-Za-z0-9._~+\/-]+=*$/,
  "Bearer example-token",
);

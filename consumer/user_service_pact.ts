import { MatchersV3, PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { fileURLToPath } from "node:url";

/**
 * A new PactV4 between OrderService and UserService, writing to the
 * repository's `pacts/` folder. One per test: no builder is shared.
 */
export function userServicePact(): PactV4 {
  return new PactV4({
    consumer: "OrderService",
    provider: "UserService",
    dir: fileURLToPath(new URL("../pacts/", import.meta.url)),
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

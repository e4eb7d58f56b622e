/**
 * UserService's API described, written by hand as its reference: the
 * OpenAPI document of its HTTP routes (served at `GET /openapi.json`) and the
 * AsyncAPI document of the events it announces. The pacts are checked against
 * them (`deno task compare`), and so are the service's own answers and events
 * (`conformance.ts`).
 *
 * @module
 */
import asyncapi from "./asyncapi.json" with { type: "json" };
import openapi from "./openapi.json" with { type: "json" };

/** The OpenAPI 3.0 document of UserService's HTTP API. */
export const OPENAPI: Readonly<Record<string, unknown>> = openapi;

/** The AsyncAPI 3.0 document of the events on the `users` topic. */
export const ASYNCAPI: Readonly<Record<string, unknown>> = asyncapi;

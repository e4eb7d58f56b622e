/**
 * OrderService's contract with UserService. Each test drives the real
 * {@linkcode UserClient} against the Pact mock server; together they write
 * `pacts/OrderService-UserService.json`.
 *
 * @module
 */
import { MatchersV3, PactV4, SpecificationVersion } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { UserNotFoundError } from "./errors.ts";
import { OrderService } from "./order_service.ts";
import { UserClient } from "./user_client.ts";

const { integer, like, regex } = MatchersV3;

/** The pact both sides share, in the repository's `pacts/` folder. */
function userServicePact(): PactV4 {
  return new PactV4({
    consumer: "OrderService",
    provider: "UserService",
    dir: fileURLToPath(new URL("../pacts/", import.meta.url)),
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: "warn",
  });
}

const JSON_CONTENT_TYPE = regex(/^application\/json(;.*)?$/, "application/json");
const EMAIL = regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "john.doe@example.com");

test("contract: a user that exists is returned with id, name and email", async () => {
  await userServicePact()
    .addInteraction()
    .given("user with id 1 exists", { id: 1 })
    .uponReceiving("a request for user 1")
    .withRequest("GET", "/users/1", (request) => request.headers({ Accept: "application/json" }))
    .willRespondWith(200, (response) =>
      response
        .headers({ "Content-Type": JSON_CONTENT_TYPE })
        .jsonBody({ id: integer(1), name: like("John Doe"), email: EMAIL }))
    .executeTest(async (mockServer) => {
      const orders = new OrderService(new UserClient(mockServer.url));
      assert.deepEqual(await orders.getUserDetails(1), {
        id: 1,
        name: "John Doe",
        email: "john.doe@example.com",
      });
    });
});

test("contract: a user that does not exist is a UserNotFoundError", async () => {
  await userServicePact()
    .addInteraction()
    .given("user with id 99 does not exist", { id: 99 })
    .uponReceiving("a request for user 99")
    .withRequest("GET", "/users/99", (request) => request.headers({ Accept: "application/json" }))
    .willRespondWith(404, (response) =>
      response
        .headers({ "Content-Type": JSON_CONTENT_TYPE })
        .jsonBody({ error: "User not found" }))
    .executeTest(async (mockServer) => {
      const orders = new OrderService(new UserClient(mockServer.url));
      await assert.rejects(orders.getUserDetails(99), UserNotFoundError);
    });
});

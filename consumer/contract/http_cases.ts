/**
 * OrderService's HTTP contract with UserService, as cases: each drives the
 * real {@linkcode UserClient} (through {@linkcode OrderService} where
 * OrderService is the one that needs it) against the Pact mock server.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { UserNotFoundError, UserServiceUnauthorizedError } from "../errors.ts";
import { OrderService } from "../order_service.ts";
import { SqliteOrderStore } from "../sqlite_order_store.ts";
import { UserClient } from "../user_client.ts";
import type { ContractCase } from "./session.ts";
import { BEARER, EMAIL, JSON_CONTENT_TYPE } from "./pact.ts";

const { eachLike, fromProviderState, integer, like } = MatchersV3;

/** The token the consumer tests send: an example, never a real secret. */
const EXAMPLE_TOKEN = "example-token";
const AUTHORIZED = { Accept: "application/json", Authorization: BEARER };

/** A user's body, matched by type: any user with these fields of these types. */
const aUser = (id: number, name: string, email: string) => ({
  id: integer(id),
  name: like(name),
  email: MatchersV3.regex(EMAIL, email),
});

/** OrderService over the mock server, with an in-memory order store. */
function orderServiceAt(url: string, token: string | undefined = EXAMPLE_TOKEN) {
  const store = new SqliteOrderStore(":memory:");
  return {
    orders: new OrderService(new UserClient(url, { token }), store),
    store,
    [Symbol.dispose]: () => store.close(),
  };
}

/** The HTTP interactions OrderService needs. */
export const HTTP_CASES: readonly ContractCase[] = [
  {
    name: "a user that exists is returned with id, name and email",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 1 exists", { id: 1 })
        .uponReceiving("a request for user 1")
        .withRequest("GET", "/users/1", (request) => request.headers(AUTHORIZED))
        .willRespondWith(200, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody(aUser(1, "John Doe", "john.doe@example.com")))
        .executeTest(async (mockServer) => {
          using service = orderServiceAt(mockServer.url);
          assert.deepEqual(await service.orders.getUserDetails(1), {
            id: 1,
            name: "John Doe",
            email: "john.doe@example.com",
          });
        }),
  },
  {
    name: "a user that does not exist is a UserNotFoundError",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 99 does not exist", { id: 99 })
        .uponReceiving("a request for user 99")
        .withRequest("GET", "/users/99", (request) => request.headers(AUTHORIZED))
        .willRespondWith(404, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({ error: "User not found" }))
        .executeTest(async (mockServer) => {
          using service = orderServiceAt(mockServer.url);
          await assert.rejects(service.orders.getUserDetails(99), UserNotFoundError);
        }),
  },
  {
    name: "a request without credentials is refused with 401",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 1 exists", { id: 1 })
        .uponReceiving("a request for user 1 without credentials")
        .withRequest(
          "GET",
          "/users/1",
          (request) => request.headers({ Accept: "application/json" }),
        )
        .willRespondWith(401, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({ error: "Unauthorized" }))
        .executeTest(async (mockServer) => {
          using service = orderServiceAt(mockServer.url, undefined);
          await assert.rejects(service.orders.getUserDetails(1), UserServiceUnauthorizedError);
        }),
  },
  {
    name: "several orders' customers come from one batch request",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 1 exists", { id: 1 })
        .given("user with id 2 exists", { id: 2 })
        .given("user with id 3 does not exist", { id: 3 })
        .uponReceiving("a batch request for users 1, 2 and 3")
        .withRequest("GET", "/users", (request) =>
          request
            .query({ ids: "1,2,3" })
            .headers(AUTHORIZED))
        .willRespondWith(200, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({ users: eachLike(aUser(1, "John Doe", "john.doe@example.com"), 2) }))
        .executeTest(async (mockServer) => {
          using service = orderServiceAt(mockServer.url);
          const placed = [];
          for (const userId of [1, 2, 3]) {
            placed.push(
              await service.store.insert({
                userId,
                customer: { name: `Customer ${userId}`, email: null },
                items: [{ sku: "BOOK-1", quantity: 1 }],
              }),
            );
          }
          const result = await service.orders.getOrdersWithCustomers(placed.map((o) => o.id));
          // The mock answers two copies of the example user 1 (eachLike): OrderService must match
          // customers by id, not by position, so only the order of user 1 gets one.
          assert.deepEqual(result.map((r) => r.currentCustomer?.name), [
            "John Doe",
            undefined,
            undefined,
          ]);
        }),
  },
  {
    name: "a batch request for unknown users answers an empty list, not an error",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 99 does not exist", { id: 99 })
        .uponReceiving("a batch request for user 99 only")
        .withRequest("GET", "/users", (request) => request.query({ ids: "99" }).headers(AUTHORIZED))
        .willRespondWith(200, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({ users: [] }))
        .executeTest(async (mockServer) => {
          const users = new UserClient(mockServer.url, { token: EXAMPLE_TOKEN });
          assert.deepEqual(await users.getUsers([99]), []);
        }),
  },
  {
    name: "a user whose id only UserService knows is read by that id",
    run: (pact) =>
      pact
        .addInteraction()
        .given("a user exists")
        .uponReceiving("a request for a user created by the provider state")
        .withRequest(
          "GET",
          fromProviderState("/users/${id}", "/users/42"),
          (request) => request.headers(AUTHORIZED),
        )
        .willRespondWith(200, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({
              id: fromProviderState("${id}", 42),
              name: like("Ada Lovelace"),
              email: MatchersV3.regex(EMAIL, "ada@example.com"),
            }))
        .executeTest(async (mockServer) => {
          using service = orderServiceAt(mockServer.url);
          const order = await service.orders.placeOrder(42, [{ sku: "BOOK-1", quantity: 1 }]);
          assert.deepEqual(order.customer, { name: "Ada Lovelace", email: "ada@example.com" });
        }),
  },
];

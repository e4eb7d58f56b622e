/**
 * OrderService's HTTP contract with UserService, as cases: each drives the
 * real {@linkcode UserClient} (through {@linkcode OrderService} where
 * OrderService is the one that needs it) against the Pact mock server.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { UserNotFoundError, UserServiceUnauthorizedError } from "../../../consumer/errors.ts";
import { OrderService } from "../../../consumer/order_service.ts";
import { SqliteOrderStore } from "../../../consumer/sqlite_order_store.ts";
import { MAX_IDS_PER_REQUEST, UserClient } from "../../../consumer/user_client.ts";
import type { ContractCase } from "./session.ts";
import { BEARER, EMAIL, JSON_CONTENT_TYPE } from "./pact.ts";

const { eachLike, fromProviderState, integer, like, regex } = MatchersV3;

/** The token the consumer tests send: an example, never a real secret. */
const EXAMPLE_TOKEN = "example-token";
const AUTHORIZED = { Accept: "application/json", Authorization: BEARER };

/** A user's body, matched by type: any user with these fields of these types. */
const aUser = (id: number, name: string, email: string) => ({
  id: integer(id),
  name: like(name),
  email: MatchersV3.regex(EMAIL, email),
});

/** A list of 1 to 100 user ids, as one `GET /users?ids=` may hold. */
const ID_LIST_OF_AT_MOST_100 = /^[1-9][0-9]*(,[1-9][0-9]*){0,99}$/;
const HUNDRED_IDS = Array.from({ length: MAX_IDS_PER_REQUEST }, (_, n) => n + 1).join(",");

/** OrderService over the mock server, with an in-memory order store. */
function orderServiceAt(
  url: string,
  token: string | undefined = EXAMPLE_TOKEN,
  fetch: typeof globalThis.fetch = globalThis.fetch,
) {
  const store = new SqliteOrderStore(":memory:");
  return {
    orders: new OrderService(new UserClient(url, { token, fetch }), store),
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
        // Only the status: OrderService reads nothing else of a 404.
        .willRespondWith(404)
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
        // Only the status: OrderService reads nothing else of a 401.
        .willRespondWith(401)
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
    name: "orders of more customers than one request may hold are read in batches of 100",
    run: (pact) =>
      pact
        .addInteraction()
        .given("user with id 1 exists", { id: 1 })
        .uponReceiving("a batch request for 100 users, the most one request may ask for")
        .withRequest("GET", "/users", (request) =>
          request
            // The example asks for exactly MAX_IDS_PER_REQUEST ids; the pattern allows no more.
            .query({ ids: regex(ID_LIST_OF_AT_MOST_100, HUNDRED_IDS) })
            .headers(AUTHORIZED))
        .willRespondWith(200, (response) =>
          response
            .headers({ "Content-Type": JSON_CONTENT_TYPE })
            .jsonBody({ users: eachLike(aUser(1, "John Doe", "john.doe@example.com"), 1) }))
        .executeTest(async (mockServer) => {
          const asked: number[] = [];
          const countingFetch: typeof fetch = (input, init) => {
            asked.push(new URL(String(input)).searchParams.get("ids")!.split(",").length);
            return fetch(input, init);
          };
          using service = orderServiceAt(mockServer.url, EXAMPLE_TOKEN, countingFetch);
          const placed = [];
          for (let userId = 1; userId <= 250; userId++) {
            placed.push(
              await service.store.insert({
                userId,
                customer: { name: `Customer ${userId}`, email: null },
                items: [{ sku: "BOOK-1", quantity: 1 }],
              }),
            );
          }
          const result = await service.orders.getOrdersWithCustomers(placed.map((o) => o.id));
          assert.deepEqual(asked, [100, 100, 50]);
          assert.equal(result[0].currentCustomer?.name, "John Doe");
          assert.equal(result.filter((r) => r.currentCustomer).length, 1);
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

/**
 * OrderService's Pact tests for UserService's HTTP API.
 *
 * Each test declares one interaction (the request OrderService sends and the
 * least of the response it needs), then runs OrderService's real code
 * against the Pact mock server. When it passes, the interaction is written
 * to `pacts/OrderService-UserService.json`, which UserService is verified
 * against (`provider/pact_verification_test.ts`).
 *
 * Only what OrderService reads is pinned, so UserService stays free to
 * change everything else.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserNotFoundError, UserServiceUnauthorizedError } from "./errors.ts";
import { OrderService } from "./order_service.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import { MAX_IDS_PER_REQUEST, UserClient } from "./user_client.ts";
import { userServicePact } from "./user_service_pact.ts";

const { eachLike, fromProviderState, integer, like, regex } = MatchersV3;

// A pattern, not a value: the example token is written to the pact, never a real
// one; the verifier sends a token the provider accepts.
const BEARER = regex(/^Bearer [A-Za-z0-9._~+\/-]+=*$/, "Bearer example-token");
const AUTHORIZED = { Accept: "application/json", Authorization: BEARER };
// UserClient refuses an answer that is not JSON, so the Content-Type is read; parameters may follow.
const JSON_CONTENT_TYPE = regex(/^application\/json(;.*)?$/, "application/json");
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A user matched by type: any user whose fields have these types will do. */
function aUser(id: number, name: string, email: string) {
  return { id: integer(id), name: like(name), email: regex(EMAIL, email) };
}

/** OrderService reading users from `url`, with orders in memory; disposing closes the store. */
function orderServiceAt(url: string, options: { token?: string; fetch?: typeof fetch } = {}) {
  const { token = "example-token", fetch = globalThis.fetch } = options;
  const store = new SqliteOrderStore(":memory:");
  return {
    orders: new OrderService(new UserClient(url, { token, fetch }), store),
    store,
    [Symbol.dispose]: () => store.close(),
  };
}

/** Orders of `userIds`, one each, straight into the store. */
async function ordersOf(store: SqliteOrderStore, userIds: readonly number[]): Promise<number[]> {
  const ids = [];
  for (const userId of userIds) {
    const order = await store.insert({
      userId,
      customer: { name: `Customer ${userId}`, email: null },
      items: [{ sku: "BOOK-1", quantity: 1 }],
    });
    ids.push(order.id);
  }
  return ids;
}

describe("OrderService → UserService over HTTP", () => {
  const pact = userServicePact();

  it("returns user 1, John Doe, when asked for user details", async () => {
    await pact
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
      });
  });

  it("raises UserNotFoundError for a user that does not exist", async () => {
    await pact
      .addInteraction()
      .given("user with id 99 does not exist", { id: 99 })
      .uponReceiving("a request for user 99")
      .withRequest("GET", "/users/99", (request) => request.headers(AUTHORIZED))
      // The status alone: OrderService reads nothing else of a 404.
      .willRespondWith(404)
      .executeTest(async (mockServer) => {
        using service = orderServiceAt(mockServer.url);
        await assert.rejects(service.orders.getUserDetails(99), UserNotFoundError);
      });
  });

  it("raises UserServiceUnauthorizedError when it has no credentials", async () => {
    await pact
      .addInteraction()
      .given("user with id 1 exists", { id: 1 })
      .uponReceiving("a request for user 1 without credentials")
      .withRequest("GET", "/users/1", (request) => request.headers({ Accept: "application/json" }))
      // The status alone: OrderService reads nothing else of a 401.
      .willRespondWith(401)
      .executeTest(async (mockServer) => {
        using service = orderServiceAt(mockServer.url, { token: "" });
        await assert.rejects(service.orders.getUserDetails(1), UserServiceUnauthorizedError);
      });
  });

  it("reads several orders' customers with one batch request", async () => {
    await pact
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
        const orderIds = await ordersOf(service.store, [1, 2, 3]);
        const result = await service.orders.getOrdersWithCustomers(orderIds);
        // The mock answers two copies of user 1 (eachLike): customers are matched by id, not
        // by position, so only user 1's order gets one.
        assert.deepEqual(result.map((r) => r.currentCustomer?.name), [
          "John Doe",
          undefined,
          undefined,
        ]);
      });
  });

  it("reads more customers than one request may hold in batches of 100", async () => {
    await pact
      .addInteraction()
      .given("user with id 1 exists", { id: 1 })
      .uponReceiving("a batch request for 100 users, the most one request may ask for")
      .withRequest("GET", "/users", (request) =>
        request
          // The example asks for exactly MAX_IDS_PER_REQUEST ids; the pattern allows no more.
          .query({
            ids: regex(
              /^[1-9][0-9]*(,[1-9][0-9]*){0,99}$/,
              Array.from({ length: MAX_IDS_PER_REQUEST }, (_, n) => n + 1).join(","),
            ),
          })
          .headers(AUTHORIZED))
      .willRespondWith(200, (response) =>
        response
          .headers({ "Content-Type": JSON_CONTENT_TYPE })
          .jsonBody({ users: eachLike(aUser(1, "John Doe", "john.doe@example.com"), 1) }))
      .executeTest(async (mockServer) => {
        const idsPerRequest: number[] = [];
        const countingFetch: typeof fetch = (input, init) => {
          idsPerRequest.push(new URL(String(input)).searchParams.get("ids")!.split(",").length);
          return fetch(input, init);
        };
        using service = orderServiceAt(mockServer.url, { fetch: countingFetch });
        const orderIds = await ordersOf(
          service.store,
          Array.from({ length: 250 }, (_, n) => n + 1),
        );
        const result = await service.orders.getOrdersWithCustomers(orderIds);
        assert.deepEqual(idsPerRequest, [100, 100, 50]);
        assert.equal(result[0].currentCustomer?.name, "John Doe");
        assert.equal(result.filter((r) => r.currentCustomer).length, 1);
      });
  });

  it("takes a batch of unknown users as an empty list, not an error", async () => {
    await pact
      .addInteraction()
      .given("user with id 99 does not exist", { id: 99 })
      .uponReceiving("a batch request for user 99 only")
      .withRequest("GET", "/users", (request) => request.query({ ids: "99" }).headers(AUTHORIZED))
      .willRespondWith(200, (response) =>
        response
          .headers({ "Content-Type": JSON_CONTENT_TYPE })
          .jsonBody({ users: [] }))
      .executeTest(async (mockServer) => {
        const users = new UserClient(mockServer.url, { token: "example-token" });
        assert.deepEqual(await users.getUsers([99]), []);
      });
  });

  it("places an order for a user whose id only UserService knows", async () => {
    await pact
      .addInteraction()
      // The provider state creates the user and returns its id (fromProviderState).
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
            email: regex(EMAIL, "ada@example.com"),
          }))
      .executeTest(async (mockServer) => {
        using service = orderServiceAt(mockServer.url);
        const order = await service.orders.placeOrder(42, [{ sku: "BOOK-1", quantity: 1 }]);
        assert.deepEqual(order.customer, { name: "Ada Lovelace", email: "ada@example.com" });
      });
  });
});

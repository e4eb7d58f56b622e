/**
 * NotificationService's Pact tests for UserService's HTTP API. To address a
 * notice, NotificationService reads a user's id and email, and nothing else:
 * its pact pins those two, so UserService may rename or drop the rest.
 *
 * @module
 */
import { MatchersV3 } from "@pact-foundation/pact";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Notice, NotificationService } from "./notification_service.ts";
import { RecipientClient } from "./recipient_client.ts";
import { SuppressionStore } from "./suppression_store.ts";
import { userServicePact } from "./user_service_pact.ts";

const { integer, regex } = MatchersV3;

// A pattern, not a value: no real token is written to the pact.
const BEARER = regex(/^Bearer [A-Za-z0-9._~+\/-]+=*$/, "Bearer example-token");
// RecipientClient refuses an answer that is not JSON, so the Content-Type is read.
const JSON_CONTENT_TYPE = regex(/^application\/json(;.*)?$/, "application/json");
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** NotificationService asking UserService at `url`, and the notices its mailer was given. */
function notificationServiceAt(url: string) {
  const store = new SuppressionStore(":memory:");
  const sent: Notice[] = [];
  const mailer = { send: (notice: Notice) => Promise.resolve(void sent.push(notice)) };
  const recipients = new RecipientClient(url, { token: "example-token" });
  return {
    notices: new NotificationService(recipients, store, mailer),
    sent,
    [Symbol.dispose]: () => store.close(),
  };
}

describe("NotificationService → UserService over HTTP", () => {
  const pact = userServicePact();

  it("addresses a notice to the email UserService has for the user", async () => {
    await pact
      .addInteraction()
      .given("user with id 1 exists", { id: 1 })
      .uponReceiving("a request for the address of user 1")
      .withRequest(
        "GET",
        "/users/1",
        (request) => request.headers({ Accept: "application/json", Authorization: BEARER }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ "Content-Type": JSON_CONTENT_TYPE })
          // The id and the email: the name is none of NotificationService's business.
          .jsonBody({ id: integer(1), email: regex(EMAIL, "john.doe@example.com") }))
      .executeTest(async (mockServer) => {
        using service = notificationServiceAt(mockServer.url);
        assert.deepEqual(await service.notices.notify(1, "Your order has shipped"), {
          sent: true,
          to: "john.doe@example.com",
        });
        assert.deepEqual(service.sent, [{
          userId: 1,
          to: "john.doe@example.com",
          text: "Your order has shipped",
        }]);
      });
  });

  it("sends nothing to a user UserService does not know", async () => {
    await pact
      .addInteraction()
      .given("user with id 99 does not exist", { id: 99 })
      .uponReceiving("a request for the address of user 99")
      .withRequest(
        "GET",
        "/users/99",
        (request) => request.headers({ Accept: "application/json", Authorization: BEARER }),
      )
      // The status alone: NotificationService reads nothing else of a 404.
      .willRespondWith(404)
      .executeTest(async (mockServer) => {
        using service = notificationServiceAt(mockServer.url);
        assert.deepEqual(await service.notices.notify(99, "Your order has shipped"), {
          sent: false,
          reason: "unknown user",
        });
        assert.deepEqual(service.sent, []);
      });
  });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { RecipientNotFoundError, UserServiceError } from "./errors.ts";
import { RecipientClient } from "./recipient_client.ts";

/** A client whose UserService answers `response` (or fails with it), and the requests it got. */
function clientAnswering(response: Response | Error) {
  const requests: Request[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return response instanceof Error ? Promise.reject(response) : Promise.resolve(response);
  };
  return { client: new RecipientClient("http://users.test", { token: "t0k", fetch }), requests };
}

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Content-Type": "application/json" } });

test("recipient(): the id and email, nothing else; the token and Accept sent", async () => {
  const { client, requests } = clientAnswering(
    json({ id: 1, name: "John Doe", email: "john.doe@example.com", phone: "1" }),
  );
  assert.deepEqual(await client.recipient(1), { id: 1, email: "john.doe@example.com" });
  assert.equal(requests[0].url, "http://users.test/users/1");
  assert.equal(requests[0].headers.get("Authorization"), "Bearer t0k");
  assert.equal(requests[0].headers.get("Accept"), "application/json");
});

test("recipient(): a 404 is RecipientNotFoundError", async () => {
  const { client } = clientAnswering(new Response(null, { status: 404 }));
  await assert.rejects(client.recipient(99), RecipientNotFoundError);
});

test("recipient(): any other failure is UserServiceError, never a recipient without an address", async () => {
  const answers: [string, Response | Error][] = [
    ["a 500", new Response("boom", { status: 500 })],
    ["not JSON", new Response("{}", { headers: { "Content-Type": "text/plain" } })],
    ["another user", json({ id: 2, email: "jane.smith@example.com" })],
    ["no email", json({ id: 1 })],
    ["not an email", json({ id: 1, email: "John Doe" })],
    ["the network", new TypeError("connection refused")],
  ];
  for (const [what, answer] of answers) {
    const { client } = clientAnswering(answer);
    await assert.rejects(client.recipient(1), UserServiceError, what);
  }
});

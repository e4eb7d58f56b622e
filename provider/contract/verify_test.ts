/**
 * Provider verification in process: the real handler and a real SQLite store
 * served on a free port, checked against every pact in `pacts/`. Then the
 * same contracts against providers that break them, which must fail. Each runs
 * on every server adapter this runtime has.
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createApp, type Handler } from "../app.ts";
import { serveDeno } from "../serve_deno.ts";
import { serveNode } from "../serve_node.ts";
import type { Serve } from "../server.ts";
import type { UserEvent } from "../events.ts";
import { type EventOutbox, SqliteOutbox } from "../sqlite_outbox.ts";
import { SqliteUserStore } from "../sqlite_user_store.ts";
import { ContractVerificationError, verifyPacts } from "./verify.ts";

const adapters: [string, Serve, string | false][] = [
  [
    "Deno.serve",
    serveDeno,
    "Deno" in globalThis ? false : "skipped: Deno.serve exists only on Deno",
  ],
  ["express", serveNode, false],
];

/** A change to the provider: to its handler, or to the events it announces. */
interface Mutant {
  app?: (app: Handler, token: string) => Handler;
  event?: (event: UserEvent) => UserEvent;
}

/** Serves the (mutated) provider over a fresh in-memory database with `serve` and verifies it. */
async function verifyWith(serve: Serve, mutant: Mutant = {}) {
  using store = new SqliteUserStore(":memory:");
  using outbox = new SqliteOutbox(":memory:");
  const { app = (a) => a, event = (e) => e } = mutant;
  const announcing: EventOutbox = { append: (e) => outbox.append(event(e)) };
  const token = crypto.randomUUID();
  await using server = await serve(app(createApp({ store, outbox: announcing, token }), token));
  await verifyPacts(server.url, { store, outbox, token, logLevel: "error" });
}

/** A handler whose JSON bodies pass through `change`. */
function mutateBody(change: (body: Record<string, unknown>) => unknown) {
  return (app: Handler): Handler => async (request) => {
    const response = await app(request);
    if (!response.headers.get("content-type")?.startsWith("application/json")) return response;
    const body = await response.json();
    return Response.json(change(body), { status: response.status, headers: response.headers });
  };
}

const addsAField: Mutant = { app: mutateBody((body) => ({ ...body, phone: "+1 555 0100" })) };

const breaking: [string, RegExp, Mutant][] = [
  [
    "renames email to mail",
    /user 1: Actual map is missing the following keys: email$/,
    { app: mutateBody(({ email, ...rest }) => ({ ...rest, mail: email })) },
  ],
  [
    "drops email",
    /user 1: Actual map is missing the following keys: email$/,
    { app: mutateBody(({ email: _, ...rest }) => rest) },
  ],
  [
    "sends id as a string",
    /user 1: Expected '1' \(String\) to be an integer$/,
    { app: mutateBody((body) => ({ ...body, id: String(body.id) })) },
  ],
  [
    "answers 200 for a missing user",
    /user 99: expected 404 but was 200$/,
    {
      app: (app) => async (request) => {
        const response = await app(request);
        if (response.status !== 404) return response;
        await response.body?.cancel();
        return Response.json({ id: 99, name: "Nobody", email: "nobody@example.com" });
      },
    },
  ],
  [
    "lets a request without credentials through",
    /without credentials: expected 401 but was 200$/,
    {
      app: (app, token) => (request) => {
        if (request.headers.has("Authorization")) return app(request);
        const headers = new Headers(request.headers);
        headers.set("Authorization", `Bearer ${token}`);
        return app(new Request(request, { headers }));
      },
    },
  ],
  [
    "announces user.updated with the user under another key",
    /a user\.updated event: Actual map is missing the following keys: user$/,
    {
      event: (e) =>
        e.contents.event === "user.updated"
          ? { ...e, contents: { event: "user.updated", customer: e.contents.user } as never }
          : e,
    },
  ],
  [
    "announces user.deleted on another topic",
    /a user\.deleted event: .*topic.*/,
    { event: (e) => ({ ...e, metadata: { ...e.metadata, topic: "people" } }) },
  ],
];
for (const [server, serve, skip] of adapters) {
  test(`UserService (${server}) honours every pact in pacts/`, { skip }, async () => {
    await verifyWith(serve);
  });

  test(
    `UserService (${server}) still honours the pacts when it adds a field`,
    { skip },
    async () => {
      await verifyWith(serve, addsAField);
    },
  );

  for (const [change, mismatch, wrap] of breaking) {
    test(`verification fails when UserService (${server}) ${change}`, { skip }, async () => {
      await assert.rejects(verifyWith(serve, wrap), (error) => {
        assert.ok(error instanceof ContractVerificationError, String(error));
        assert.ok(error.mismatches.some((line) => mismatch.test(line)), error.message);
        return true;
      });
    });
  }
}

/**
 * A catalogue of changes to UserService's OpenAPI and AsyncAPI documents,
 * each marked breaking or compatible for OrderService's pacts. The
 * bi-directional check must find an error for every breaking one and none for
 * a compatible one: the same evidence as the replay guard in
 * `extras/guards/mutations.ts`, for the descriptions. Run by
 * `description_mutations_test.ts` and `deno task mutate`.
 *
 * @module
 */
import type { Descriptions } from "../bidirectional/compare.ts";

/** One change to the descriptions. */
export interface DescriptionMutation {
  /** What the change does. */
  name: string;
  /** Whether OrderService's pacts must catch it. */
  breaking: boolean;
  /** For a breaking change: a finding the check must report (`code` or message). */
  expect?: RegExp;
  /** Changes the documents in place (they are copies). */
  change(documents: { oas: Json; asyncapi: Json }): void;
}

// deno-lint-ignore no-explicit-any -- a document walked by path; the shapes are the documents'
type Json = any;

const user = (oas: Json) => oas.components.schemas.User;
const userById = (oas: Json) => oas.paths["/users/{id}"];

/** The catalogue. */
export const DESCRIPTION_MUTATIONS: readonly DescriptionMutation[] = Object.freeze([
  {
    name: 'drop the required field "email" from User',
    breaking: true,
    expect: /response\.body\.incompatible/,
    change({ oas }) {
      delete user(oas).properties.email;
      user(oas).required = ["id", "name"];
    },
  },
  {
    name: 'change the type of User "id" to string',
    breaking: true,
    expect: /response\.body\.incompatible/,
    change({ oas }) {
      user(oas).properties.id = { type: "string" };
    },
  },
  {
    name: "remove the 404 of GET /users/{id}",
    breaking: true,
    expect: /response\.status\.unknown/,
    change({ oas }) {
      delete userById(oas).get.responses["404"];
    },
  },
  {
    name: "remove the 401 of GET /users/{id}",
    breaking: true,
    expect: /response\.status\.unknown/,
    change({ oas }) {
      delete userById(oas).get.responses["401"];
    },
  },
  {
    name: "remove the batch route GET /users",
    breaking: true,
    expect: /request\.path-or-method\.unknown/,
    change({ oas }) {
      delete oas.paths["/users"];
    },
  },
  {
    name: 'rename the query parameter "ids" to "id"',
    breaking: true,
    expect: /request\.query/,
    change({ oas }) {
      oas.paths["/users"].get.parameters[0].name = "id";
    },
  },
  {
    name: 'rename the user.updated field "user" to "customer"',
    breaking: true,
    expect: /message\.payload\.incompatible|message\.no\.match/,
    change({ asyncapi }) {
      const payload = asyncapi.components.messages.userUpdated.payload;
      payload.properties.customer = payload.properties.user;
      delete payload.properties.user;
      payload.required = ["event", "customer"];
    },
  },
  {
    name: 'change user.deleted "userId" to a string',
    breaking: true,
    expect: /message\.payload\.incompatible|message\.no\.match/,
    change({ asyncapi }) {
      asyncapi.components.messages.userDeleted.payload.properties.userId = { type: "string" };
    },
  },
  {
    name: "move the events to other subjects",
    breaking: true,
    expect: /message\.headers\.incompatible|message\.no\.match/,
    change({ asyncapi }) {
      asyncapi.components.schemas.Metadata.properties.subject.enum = ["people.updated"];
      for (const message of ["userUpdated", "userDeleted"]) {
        asyncapi.components.messages[message].headers.properties.subject.enum = ["people.changed"];
      }
    },
  },
  {
    name: 'add an optional field ("phone") to User',
    breaking: false,
    change({ oas }) {
      user(oas).properties.phone = { type: "string" };
    },
  },
  {
    name: "add a route (GET /users/{id}/orders)",
    breaking: false,
    change({ oas }) {
      oas.paths["/users/{id}/orders"] = {
        parameters: [{ $ref: "#/components/parameters/UserId" }],
        get: {
          responses: {
            "200": {
              description: "Orders",
              content: { "application/json": { schema: { type: "array", items: {} } } },
            },
          },
        },
      };
    },
  },
  {
    name: "remove PUT /users/{id} (no consumer uses it)",
    breaking: false,
    change({ oas }) {
      delete userById(oas).put;
    },
  },
  {
    name: "add an event (user.created)",
    breaking: false,
    change({ asyncapi }) {
      asyncapi.components.messages.userCreated = asyncapi.components.messages.userUpdated;
      asyncapi.channels.usersCreated = {
        address: "users.created",
        messages: { userCreated: { $ref: "#/components/messages/userCreated" } },
      };
      asyncapi.operations.userCreated = {
        action: "send",
        channel: { $ref: "#/channels/usersCreated" },
        messages: [{ $ref: "#/channels/usersCreated/messages/userCreated" }],
      };
    },
  },
]);

/** The documents with `mutation` applied to copies of them. */
export function mutatedDescriptions(documents: Descriptions, mutation: DescriptionMutation) {
  const copies = structuredClone(documents) as { oas: Json; asyncapi: Json };
  mutation.change(copies);
  return copies as Descriptions;
}

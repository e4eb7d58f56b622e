import assert from "node:assert/strict";
import { test } from "node:test";
import {
  InvalidOrderError,
  InvalidUserEventError,
  OrderNotFoundError,
  UserNotFoundError,
  UserServiceError,
} from "./errors.ts";
import { OrderService, type UserLookup } from "./order_service.ts";
import { SqliteOrderStore } from "./sqlite_order_store.ts";
import type { User } from "./user.ts";

const john: User = { id: 1, name: "John Doe", email: "john.doe@example.com" };
const jane: User = { id: 2, name: "Jane Smith", email: "jane.smith@example.com" };
const book = { sku: "BOOK-1", quantity: 2 };
const JSON_TYPE = "application/json";

/** `contents` as it arrives on its subject. */
const onTopic = (contents: unknown) => {
  const event = (contents as { event?: string } | null)?.event ?? "";
  return {
    metadata: { subject: event.replace(/^user\./, "users."), contentType: JSON_TYPE },
    contents,
  };
};
let nextEvent = 0;
/** An event body with an id of its own and `version`. */
const event = (version: number, body: Record<string, unknown>) => ({
  id: `event-${++nextEvent}`,
  version,
  ...body,
});

/** A user directory over a fixed list, recording what it was asked. */
function directory(users: User[] = [john, jane], failure?: Error) {
  const asked: (number | number[])[] = [];
  const lookup: UserLookup = {
    getUser(id) {
      asked.push(id);
      if (failure) return Promise.reject(failure);
      const user = users.find((u) => u.id === id);
      return user ? Promise.resolve(user) : Promise.reject(new UserNotFoundError(id));
    },
    getUsers(ids) {
      asked.push([...ids]);
      return Promise.resolve(users.filter((u) => ids.includes(u.id)));
    },
  };
  return { lookup, asked };
}

/** An OrderService over an in-memory order store; dispose to close it. */
function service(users = directory()) {
  const store = new SqliteOrderStore(":memory:");
  return {
    orders: new OrderService(users.lookup, store),
    store,
    [Symbol.dispose]: () => store.close(),
  };
}

test("getUserDetails() returns the user from the directory", async () => {
  const users = directory();
  using s = service(users);
  assert.deepEqual(await s.orders.getUserDetails(2), jane);
  assert.deepEqual(users.asked, [2]);
});

test("getUserDetails() passes the typed errors through unchanged", async () => {
  for (const failure of [new UserNotFoundError(7), new UserServiceError("down")]) {
    using s = service(directory([], failure));
    await assert.rejects(s.orders.getUserDetails(7), (error) => error === failure);
  }
});

test("placeOrder() stores the order with a snapshot of the customer", async () => {
  using s = service();
  const order = await s.orders.placeOrder(1, [book]);
  assert.deepEqual(order, {
    id: 1,
    userId: 1,
    customer: { name: "John Doe", email: "john.doe@example.com" },
    items: [book],
  });
  assert.deepEqual(await s.orders.getOrder(order.id), order);
});

test("placeOrder() for an unknown user rejects with InvalidOrderError and stores nothing", async () => {
  using s = service();
  await assert.rejects(s.orders.placeOrder(99, [book]), (error) => {
    assert.ok(error instanceof InvalidOrderError);
    assert.ok(error.cause instanceof UserNotFoundError);
    return true;
  });
  assert.equal(await s.store.get(1), undefined, "nothing stored");
});

test("placeOrder() when UserService fails rejects with UserServiceError and stores nothing", async () => {
  const down = new UserServiceError("UserService did not answer within 5000 ms");
  using s = service(directory([john], down));
  await assert.rejects(s.orders.placeOrder(1, [book]), (error) => error === down);
  assert.equal(await s.store.get(1), undefined, "nothing stored");
});

for (
  const [what, items] of [
    ["no items", []],
    ["an empty sku", [{ sku: " ", quantity: 1 }]],
    ["a zero quantity", [{ sku: "A", quantity: 0 }]],
    ["a fractional quantity", [{ sku: "A", quantity: 1.5 }]],
    ["101 items", Array.from({ length: 101 }, () => book)],
  ] as const
) {
  test(`placeOrder() with ${what} rejects with InvalidOrderError before asking UserService`, async () => {
    const users = directory();
    using s = service(users);
    await assert.rejects(s.orders.placeOrder(1, items), InvalidOrderError);
    assert.deepEqual(users.asked, []);
  });
}

test("getOrder() of an unknown id rejects with OrderNotFoundError", async () => {
  using s = service();
  await assert.rejects(s.orders.getOrder(5), OrderNotFoundError);
});

test("getOrdersWithCustomers() asks UserService once for all customers", async () => {
  const users = directory();
  using s = service(users);
  const a = await s.orders.placeOrder(1, [book]);
  const b = await s.orders.placeOrder(2, [book]);
  const c = await s.orders.placeOrder(1, [book]);
  users.asked.length = 0;
  const result = await s.orders.getOrdersWithCustomers([a.id, b.id, c.id]);
  assert.deepEqual(users.asked, [[1, 2, 1]]);
  assert.deepEqual(result.map((r) => r.currentCustomer), [john, jane, john]);
});

test("getOrdersWithCustomers() has no current customer for a user UserService no longer has", async () => {
  using s = service(directory([john]));
  const order = await s.store.insert({ userId: 2, customer: jane, items: [book] });
  const [{ currentCustomer }] = await s.orders.getOrdersWithCustomers([order.id]);
  assert.equal(currentCustomer, undefined);
});

test("handleUserEvent(user.updated) refreshes the snapshot on that user's orders only", async () => {
  using s = service();
  const johns = await s.orders.placeOrder(1, [book]);
  const janes = await s.orders.placeOrder(2, [book]);
  const renamed = { id: 1, name: "John Q. Doe", email: "jqd@example.com" };
  assert.deepEqual(
    await s.orders.handleUserEvent(onTopic(event(2, { event: "user.updated", user: renamed }))),
    { applied: true, orders: 1 },
  );
  assert.deepEqual((await s.orders.getOrder(johns.id)).customer, {
    name: "John Q. Doe",
    email: "jqd@example.com",
  });
  assert.deepEqual((await s.orders.getOrder(janes.id)).customer, janes.customer);
});

test("handleUserEvent() applies a user's version once: a duplicate or an older one changes nothing", async () => {
  using s = service();
  const order = await s.orders.placeOrder(1, [book]);
  const third = event(3, { event: "user.updated", user: { ...john, name: "Third" } });
  assert.equal((await s.orders.handleUserEvent(onTopic(third))).applied, true);
  for (
    const late of [
      third,
      event(2, { event: "user.updated", user: { ...john, name: "Second" } }),
      event(3, { event: "user.deleted", userId: 1 }),
    ]
  ) {
    assert.deepEqual(await s.orders.handleUserEvent(onTopic(late)), { applied: false, orders: 0 });
  }
  assert.equal((await s.orders.getOrder(order.id)).customer.name, "Third");
  assert.deepEqual((await s.store.appliedEvents()).map((e) => e.eventId), [third.id]);
});

test("handleUserEvent(user.deleted) anonymises the customer on that user's orders", async () => {
  using s = service();
  const order = await s.orders.placeOrder(2, [book]);
  assert.deepEqual(
    await s.orders.handleUserEvent(onTopic(event(2, { event: "user.deleted", userId: 2 }))),
    { applied: true, orders: 1 },
  );
  assert.deepEqual((await s.orders.getOrder(order.id)).customer, {
    name: "Deleted user",
    email: null,
  });
});

for (
  const message of [
    onTopic(null),
    onTopic("user.deleted"),
    onTopic(event(1, { event: "user.created", user: john })),
    onTopic(event(1, { event: "user.updated", user: { id: 1 } })),
    onTopic(event(1, { event: "user.deleted", userId: "2" })),
    onTopic({ event: "user.deleted", userId: 1, version: 1 }),
    onTopic({ id: "e", event: "user.deleted", userId: 1 }),
    onTopic({ id: "e", event: "user.deleted", userId: 1, version: "2" }),
    {
      ...onTopic(event(1, { event: "user.deleted", userId: 1 })),
      metadata: { contentType: JSON_TYPE },
    },
    {
      ...onTopic(event(1, { event: "user.deleted", userId: 1 })),
      metadata: { subject: "users.updated", contentType: JSON_TYPE },
    },
    {
      ...onTopic(event(1, { event: "user.deleted", userId: 1 })),
      metadata: { subject: "users.deleted" },
    },
  ]
) {
  test(`handleUserEvent(${JSON.stringify(message)}) rejects and changes nothing`, async () => {
    using s = service();
    const order = await s.orders.placeOrder(1, [book]);
    await assert.rejects(s.orders.handleUserEvent(message), InvalidUserEventError);
    assert.deepEqual(await s.orders.getOrder(order.id), order);
  });
}

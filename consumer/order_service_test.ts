import assert from "node:assert/strict";
import { test } from "node:test";
import { UserNotFoundError, UserServiceError } from "./errors.ts";
import { OrderService } from "./order_service.ts";
import type { User } from "./user.ts";

const jane: User = { id: 2, name: "Jane Smith", email: "jane.smith@example.com" };

test("getUserDetails() returns the user from the directory", async () => {
  const asked: number[] = [];
  const orders = new OrderService({
    getUser: (id) => (asked.push(id), Promise.resolve(jane)),
  });
  assert.deepEqual(await orders.getUserDetails(2), jane);
  assert.deepEqual(asked, [2]);
});

test("getUserDetails() passes the typed errors through unchanged", async () => {
  for (const failure of [new UserNotFoundError(7), new UserServiceError("down")]) {
    const orders = new OrderService({ getUser: () => Promise.reject(failure) });
    await assert.rejects(orders.getUserDetails(7), (error) => error === failure);
  }
});

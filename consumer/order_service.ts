import { InvalidOrderError, OrderNotFoundError, UserNotFoundError } from "./errors.ts";
import { checkItems, DELETED_CUSTOMER, type Order, type OrderItem } from "./order.ts";
import type { ChangeOutcome, OrderStore } from "./sqlite_order_store.ts";
import type { User } from "./user.ts";
import { parseUserMessage, type UserMessage } from "./user_events.ts";

/** What OrderService needs from a user directory; {@linkcode UserClient} is one. */
export interface UserLookup {
  /** Resolves to the user or rejects with a typed error; never `null`. */
  getUser(id: number): Promise<User>;
  /** The users that exist among `ids`, in one request. */
  getUsers(ids: readonly number[]): Promise<User[]>;
}

/** An order with its customer as UserService knows them now. */
export interface OrderWithCustomer {
  readonly order: Order;
  /** The current user, or `undefined` when UserService no longer has them. */
  readonly currentCustomer: User | undefined;
}

/**
 * The consumer: OrderService places orders for UserService's users and keeps
 * them in its own store.
 *
 * @example
 * ```ts
 * const orders = new OrderService(new UserClient(url, { token }), new SqliteOrderStore("orders.db"));
 * const order = await orders.placeOrder(1, [{ sku: "BOOK-1", quantity: 2 }]);
 * ```
 */
export class OrderService {
  #users: UserLookup;
  #orders: OrderStore;

  /** Creates the service over a user directory and an order store. */
  constructor(users: UserLookup, orders: OrderStore) {
    this.#users = users;
    this.#orders = orders;
  }

  /**
   * The customer's details. A missing user rejects with `UserNotFoundError`,
   * any other failure with `UserServiceError`: nothing is swallowed.
   */
  getUserDetails(id: number): Promise<User> {
    return this.#users.getUser(id);
  }

  /**
   * Places an order for `userId`, with a snapshot of the customer's name and
   * email. Bad items or an unknown user reject with `InvalidOrderError` and
   * store nothing; a UserService failure rejects with `UserServiceError`.
   */
  async placeOrder(userId: number, items: readonly OrderItem[]): Promise<Order> {
    const lines = checkItems(items);
    let user: User;
    try {
      user = await this.#users.getUser(userId);
    } catch (error) {
      if (error instanceof UserNotFoundError) {
        throw new InvalidOrderError(`Cannot order for user "${userId}": no such user`, {
          cause: error,
        });
      }
      throw error;
    }
    return await this.#orders.insert({
      userId,
      customer: { name: user.name, email: user.email },
      items: lines,
    });
  }

  /** The order with `id`; rejects with `OrderNotFoundError` when there is none. */
  async getOrder(id: number): Promise<Order> {
    const order = await this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /**
   * Several orders with their customers as UserService knows them now, from
   * one batch request for all their users.
   */
  async getOrdersWithCustomers(orderIds: readonly number[]): Promise<OrderWithCustomer[]> {
    const orders = await Promise.all(orderIds.map((id) => this.getOrder(id)));
    const users = await this.#users.getUsers(orders.map((order) => order.userId));
    const byId = new Map(users.map((user) => [user.id, user]));
    return orders.map((order) => ({ order, currentCustomer: byId.get(order.userId) }));
  }

  /**
   * Applies a message from UserService: `user.updated` refreshes the
   * customer snapshot on that user's orders, `user.deleted` anonymises it,
   * both with the user's version recorded in the same transaction. A version
   * seen already, or an older one, changes nothing (`applied: false`): a
   * duplicate, a redelivery or a late event is harmless. A message that is
   * not a user event (not JSON, another subject, an unknown body) rejects
   * with `InvalidUserEventError` and changes nothing.
   */
  async handleUserEvent(message: UserMessage): Promise<ChangeOutcome> {
    const event = parseUserMessage(message);
    const { id: eventId, version } = event;
    if (event.event === "user.updated") {
      const { id: userId, name, email } = event.user;
      return await this.#orders.applyCustomerChange({
        eventId,
        userId,
        version,
        customer: { name, email },
      });
    }
    return await this.#orders.applyCustomerChange({
      eventId,
      userId: event.userId,
      version,
      customer: DELETED_CUSTOMER,
    });
  }
}

import type { User } from "./user.ts";

/** What OrderService needs from a user directory; {@linkcode UserClient} is one. */
export interface UserLookup {
  /** Resolves to the user or rejects with a typed error; never `null`. */
  getUser(id: number): Promise<User>;
}

/**
 * The consumer: OrderService reads its customers from UserService.
 *
 * @example
 * ```ts
 * const orders = new OrderService(new UserClient("http://127.0.0.1:8000"));
 * const customer = await orders.getUserDetails(1);
 * ```
 */
export class OrderService {
  #users: UserLookup;

  /** Creates the service over a user directory. */
  constructor(users: UserLookup) {
    this.#users = users;
  }

  /**
   * The customer's details. A missing user rejects with `UserNotFoundError`,
   * any other failure with `UserServiceError`: the caller decides, nothing is
   * swallowed.
   */
  getUserDetails(id: number): Promise<User> {
    return this.#users.getUser(id);
  }
}

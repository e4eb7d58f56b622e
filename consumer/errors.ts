/** UserService answered that the user does not exist (HTTP 404). */
export class UserNotFoundError extends Error {
  /** The id that was looked up. */
  readonly userId: number;

  /** Creates the error for `userId`. */
  constructor(userId: number, options?: ErrorOptions) {
    super(`User "${userId}" not found`, options);
    this.name = "UserNotFoundError";
    this.userId = userId;
  }
}

/** Options of {@linkcode UserServiceError}. */
export interface UserServiceErrorOptions extends ErrorOptions {
  /** The HTTP status UserService answered with, when it answered at all. */
  status?: number;
}

/**
 * UserService could not give a usable answer: unreachable, too slow, a non-2xx
 * status other than 404, or a body that is not a user.
 */
export class UserServiceError extends Error {
  /** The HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;

  /** Creates the error; pass the underlying failure as `cause`. */
  constructor(message: string, options: UserServiceErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "UserServiceError";
    this.status = options.status;
  }
}

/** UserService refused the client's credentials (HTTP 401): a configuration problem. */
export class UserServiceUnauthorizedError extends UserServiceError {
  /** Creates the error. */
  constructor(options: UserServiceErrorOptions = {}) {
    super("UserService refused the credentials: check USER_SERVICE_TOKEN", {
      ...options,
      status: 401,
    });
    this.name = "UserServiceUnauthorizedError";
  }
}

/** An order that cannot be placed as given (no items, a bad quantity, an unknown user). */
export class InvalidOrderError extends Error {
  /** Creates the error; an unknown user's `UserNotFoundError` is the `cause`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidOrderError";
  }
}

/** No order has the id asked for. */
export class OrderNotFoundError extends Error {
  /** The id that was looked up. */
  readonly orderId: number;

  /** Creates the error for `orderId`. */
  constructor(orderId: number) {
    super(`Order "${orderId}" not found`);
    this.name = "OrderNotFoundError";
    this.orderId = orderId;
  }
}

/** A message on the users topic that OrderService does not understand. */
export class InvalidUserEventError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "InvalidUserEventError";
  }
}

/** OrderService's own database stayed locked by another connection for longer than allowed. */
export class OrderStoreBusyError extends Error {
  /** Creates the error; the last "database is locked" failure is the `cause`. */
  constructor(waitedMs: number, options?: ErrorOptions) {
    super(`The order database stayed locked for ${waitedMs} ms`, options);
    this.name = "OrderStoreBusyError";
  }
}

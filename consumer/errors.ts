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

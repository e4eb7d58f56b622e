/** UserService knows no user by that id: there is no one to send the notice to. */
export class RecipientNotFoundError extends Error {
  /** The user's id. */
  readonly userId: number;

  /** Creates the error for the user `userId`. */
  constructor(userId: number, options?: ErrorOptions) {
    super(`User "${userId}" not found`, options);
    this.name = "RecipientNotFoundError";
    this.userId = userId;
  }
}

/** UserService could not be asked, or answered something NotificationService cannot use. */
export class UserServiceError extends Error {
  /** Creates the error; what went wrong below is the `cause`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UserServiceError";
  }
}

/** A message that is not a user.deleted event NotificationService can apply. */
export class InvalidEventError extends Error {
  /** Creates the error, saying what is wrong with the message. */
  constructor(message: string) {
    super(message);
    this.name = "InvalidEventError";
  }
}

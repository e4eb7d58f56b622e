/** A server a test or task needs is not installed here. */
export class ServerMissingError extends Error {
  /** Creates the error: what is missing, and how to install it. */
  constructor(what: string, install: string) {
    super(`${what} is not installed (${install}): the tests and tasks that need it cannot run`);
    this.name = "ServerMissingError";
  }
}

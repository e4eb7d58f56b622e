import { UserNotFoundError, UserServiceError } from "./errors.ts";
import { isUser, type User } from "./user.ts";

/** Options of {@linkcode UserClient}. */
export interface UserClientOptions {
  /** The fetch to use; inject one in tests. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** How long one lookup may take, body included. Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: HeadersInit;
}

/**
 * The typed HTTP client OrderService uses to read users from UserService.
 *
 * @example
 * ```ts
 * const users = new UserClient("http://127.0.0.1:8000");
 * const user = await users.getUser(1);
 * ```
 */
export class UserClient {
  #baseUrl: URL;
  #fetch: typeof fetch;
  #timeoutMs: number;
  #headers: Headers;

  /** Creates a client for the UserService at `baseUrl`. */
  constructor(baseUrl: string | URL, options: UserClientOptions = {}) {
    const url = new URL(baseUrl);
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    this.#baseUrl = url;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#headers = new Headers(options.headers);
    this.#headers.set("Accept", "application/json");
  }

  /**
   * Reads one user. Rejects with {@linkcode UserNotFoundError} on 404 and with
   * {@linkcode UserServiceError} on any other failure; never resolves to `null`.
   */
  async getUser(id: number): Promise<User> {
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new RangeError(`User id must be a positive integer, got "${id}"`);
    }
    const url = new URL(`users/${id}`, this.#baseUrl);
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(url, { headers: this.#headers, signal });
    } catch (error) {
      throw this.#transportError(error, `UserService at "${this.#baseUrl}" could not be reached`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new UserNotFoundError(id);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UserServiceError(
        `UserService answered ${response.status} for user "${id}"`,
        { status: response.status },
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw this.#transportError(
        error,
        `UserService sent a body that is not JSON for user "${id}"`,
        response.status,
      );
    }
    if (!isUser(body)) {
      throw new UserServiceError(
        `UserService sent a body that is not a user for user "${id}"`,
        { status: response.status },
      );
    }
    return { id: body.id, name: body.name, email: body.email };
  }

  #transportError(error: unknown, message: string, status?: number): UserServiceError {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return new UserServiceError(
      timedOut ? `UserService did not answer within ${this.#timeoutMs} ms` : message,
      { status, cause: error },
    );
  }
}

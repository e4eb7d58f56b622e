import { UserNotFoundError, UserServiceError, UserServiceUnauthorizedError } from "./errors.ts";
import { isUser, type User } from "./user.ts";

/** Options of {@linkcode UserClient}. */
export interface UserClientOptions {
  /** The fetch to use; inject one in tests. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** How long one lookup may take, body included. Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: HeadersInit;
  /** Bearer token for UserService (`USER_SERVICE_TOKEN`); without it requests are refused. */
  token?: string;
  /**
   * Most ids in one `GET /users?ids=` request, from 1 to
   * {@linkcode MAX_IDS_PER_REQUEST} (the default); more are sent in batches.
   */
  maxIdsPerRequest?: number;
}

/**
 * The most ids UserService takes in one `GET /users?ids=` request. The
 * contract pins it: the interaction "a batch request for 100 users" asks for
 * exactly this many, and its query allows no more.
 */
export const MAX_IDS_PER_REQUEST = 100;

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * The typed HTTP client OrderService uses to read users from UserService.
 *
 * @example
 * ```ts
 * const users = new UserClient("http://127.0.0.1:8000", { token: "dev-token" });
 * const user = await users.getUser(1);
 * ```
 */
export class UserClient {
  #baseUrl: URL;
  #fetch: typeof fetch;
  #timeoutMs: number;
  #headers: Headers;
  #maxIdsPerRequest: number;

  /** Creates a client for the UserService at `baseUrl`. */
  constructor(baseUrl: string | URL, options: UserClientOptions = {}) {
    const url = new URL(baseUrl);
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    this.#baseUrl = url;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#headers = new Headers(options.headers);
    this.#headers.set("Accept", "application/json");
    if (options.token) this.#headers.set("Authorization", `Bearer ${options.token}`);
    this.#maxIdsPerRequest = options.maxIdsPerRequest ?? MAX_IDS_PER_REQUEST;
    const max = this.#maxIdsPerRequest;
    if (!Number.isSafeInteger(max) || max < 1 || max > MAX_IDS_PER_REQUEST) {
      throw new RangeError(
        `maxIdsPerRequest must be an integer from 1 to ${MAX_IDS_PER_REQUEST}, got "${max}"`,
      );
    }
  }

  /**
   * Reads one user. Rejects with {@linkcode UserNotFoundError} on 404 and with
   * {@linkcode UserServiceError} on any other failure; never resolves to `null`.
   */
  async getUser(id: number): Promise<User> {
    checkId(id);
    const body = await this.#getJson(`users/${id}`, () => new UserNotFoundError(id));
    if (!isUser(body)) throw this.#badBody(`not a user for user "${id}"`);
    return { id: body.id, name: body.name, email: body.email };
  }

  /**
   * Reads several users (`GET /users?ids=1,2`): the users that exist, each
   * once; ids that are unknown are left out. More distinct ids than one
   * request may hold go in batches of `maxIdsPerRequest`, one after the other.
   * Rejects like {@linkcode UserClient.getUser}.
   */
  async getUsers(ids: readonly number[]): Promise<User[]> {
    ids.forEach(checkId);
    const unique = [...new Set(ids)];
    const users: User[] = [];
    for (let at = 0; at < unique.length; at += this.#maxIdsPerRequest) {
      users.push(...await this.#getBatch(unique.slice(at, at + this.#maxIdsPerRequest)));
    }
    return users;
  }

  async #getBatch(ids: readonly number[]): Promise<User[]> {
    const body = await this.#getJson(`users?ids=${ids.join(",")}`);
    const users = (body as { users?: unknown })?.users;
    if (!Array.isArray(users) || !users.every(isUser)) {
      throw this.#badBody(`not a list of users for ids "${ids.join(",")}"`);
    }
    return users.map(({ id, name, email }) => ({ id, name, email }));
  }

  /** GETs `path` and decodes the JSON body; maps every failure to a typed error. */
  async #getJson(path: string, notFound?: () => Error): Promise<unknown> {
    const url = new URL(path, this.#baseUrl);
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(url, { headers: this.#headers, signal });
    } catch (error) {
      throw this.#transportError(error, `UserService at "${this.#baseUrl}" could not be reached`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 404 && notFound) throw notFound();
      if (response.status === 401) throw new UserServiceUnauthorizedError();
      throw new UserServiceError(`UserService answered ${response.status} for "/${path}"`, {
        status: response.status,
      });
    }
    const type = response.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      await response.body?.cancel();
      throw this.#badBody(`not JSON (Content-Type "${type}") for "/${path}"`, response.status);
    }
    try {
      return await response.json();
    } catch (error) {
      throw this.#transportError(
        error,
        `UserService sent a body that is not valid JSON for "/${path}"`,
        response.status,
      );
    }
  }

  #badBody(what: string, status = 200): UserServiceError {
    return new UserServiceError(`UserService sent a body that is ${what}`, { status });
  }

  #transportError(error: unknown, message: string, status?: number): UserServiceError {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return new UserServiceError(
      timedOut ? `UserService did not answer within ${this.#timeoutMs} ms` : message,
      { status, cause: error },
    );
  }
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new RangeError(`User id must be a positive integer, got "${id}"`);
  }
}

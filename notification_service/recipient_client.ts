import { RecipientNotFoundError, UserServiceError } from "./errors.ts";

/** Who a notice goes to: all NotificationService reads of a user. */
export interface Recipient {
  readonly id: number;
  readonly email: string;
}

/** Options of {@linkcode RecipientClient}. */
export interface RecipientClientOptions {
  /** Bearer token for UserService; without it UserService refuses. */
  token?: string;
  /** The fetch to use; inject one in tests. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** How long one lookup may take, body included. Defaults to 5000 ms. */
  timeoutMs?: number;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * NotificationService's own client of UserService: it asks for a user and
 * reads their id and email address, nothing else.
 *
 * @example
 * ```ts
 * const recipients = new RecipientClient("http://127.0.0.1:8000", { token: "dev-token" });
 * const { email } = await recipients.recipient(1);
 * ```
 */
export class RecipientClient {
  readonly #baseUrl: URL;
  readonly #fetch: typeof fetch;
  readonly #headers: Headers;
  readonly #timeoutMs: number;

  /** Creates a client for the UserService at `baseUrl`. */
  constructor(baseUrl: string | URL, options: RecipientClientOptions = {}) {
    this.#baseUrl = new URL(baseUrl);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#headers = new Headers({ Accept: "application/json" });
    if (options.token) this.#headers.set("Authorization", `Bearer ${options.token}`);
  }

  /**
   * The id and email of user `id`. Rejects with
   * {@linkcode RecipientNotFoundError} when UserService knows no such user,
   * and with {@linkcode UserServiceError} for any other failure: never a
   * recipient without an address.
   */
  async recipient(id: number): Promise<Recipient> {
    let response: Response;
    try {
      response = await this.#fetch(new URL(`/users/${id}`, this.#baseUrl), {
        headers: this.#headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new UserServiceError(`UserService could not be asked for user "${id}"`, {
        cause: error,
      });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new RecipientNotFoundError(id);
    }
    if (!response.ok || !JSON_TYPE.test(response.headers.get("Content-Type") ?? "")) {
      await response.body?.cancel();
      throw new UserServiceError(
        `UserService answered ${response.status} without JSON for user "${id}"`,
      );
    }
    const body = await response.json().catch((error) => {
      throw new UserServiceError(`UserService answered no JSON for user "${id}"`, { cause: error });
    }) as { id?: unknown; email?: unknown };
    if (body?.id !== id || typeof body.email !== "string" || !EMAIL.test(body.email)) {
      throw new UserServiceError(`UserService answered no address for user "${id}"`);
    }
    return { id, email: body.email };
  }
}

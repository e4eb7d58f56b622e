import { RecipientNotFoundError } from "./errors.ts";
import type { Recipient } from "./recipient_client.ts";
import type { SuppressionStore } from "./suppression_store.ts";
import { type DeliveredMessage, parseUserDeleted } from "./user_deleted.ts";

/** Where NotificationService finds a recipient (a {@linkcode RecipientClient} in production). */
export interface RecipientLookup {
  recipient(id: number): Promise<Recipient>;
}

/** A notice on its way to a user. */
export interface Notice {
  readonly userId: number;
  readonly to: string;
  readonly text: string;
}

/** What sends a notice (mail, in production). */
export interface Mailer {
  send(notice: Notice): Promise<void>;
}

/** What became of a notice. */
export type NoticeOutcome =
  | { readonly sent: true; readonly to: string }
  | { readonly sent: false; readonly reason: "suppressed" | "unknown user" };

/**
 * NotificationService: it sends notices to users, addressed with the email
 * UserService has for them, and never to a user UserService deleted.
 *
 * @example
 * ```ts
 * const notices = new NotificationService(recipients, suppressions, mailer);
 * await notices.notify(1, "Your order has shipped");
 * ```
 */
export class NotificationService {
  readonly #recipients: RecipientLookup;
  readonly #suppressions: SuppressionStore;
  readonly #mailer: Mailer;

  /** Creates the service over a recipient lookup, its suppression store and a mailer. */
  constructor(recipients: RecipientLookup, suppressions: SuppressionStore, mailer: Mailer) {
    this.#recipients = recipients;
    this.#suppressions = suppressions;
    this.#mailer = mailer;
  }

  /**
   * Sends `text` to user `userId`: not at all when the user was deleted
   * (UserService is not even asked) or UserService knows no such user. Any
   * other failure rejects (a `UserServiceError`, the mailer's): nothing is
   * sent then, and nothing is swallowed.
   */
  async notify(userId: number, text: string): Promise<NoticeOutcome> {
    if (this.#suppressions.isSuppressed(userId)) return { sent: false, reason: "suppressed" };
    let recipient: Recipient;
    try {
      recipient = await this.#recipients.recipient(userId);
    } catch (error) {
      if (error instanceof RecipientNotFoundError) return { sent: false, reason: "unknown user" };
      throw error;
    }
    await this.#mailer.send({ userId, to: recipient.email, text });
    return { sent: true, to: recipient.email };
  }

  /**
   * Applies a `user.deleted` event: from then on no notice goes to that user.
   * A version seen already, or an older one, changes nothing. A message that
   * is not such an event throws `InvalidEventError` and changes nothing.
   */
  handleUserDeleted(message: DeliveredMessage): { applied: boolean; userId: number } {
    const event = parseUserDeleted(message);
    return { ...this.#suppressions.applyDeletion(event), userId: event.userId };
  }
}

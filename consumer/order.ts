import { InvalidOrderError } from "./errors.ts";

/** One line of an order. */
export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * The customer as the order remembers them: a snapshot taken when the order
 * was placed, refreshed by `user.updated` and anonymised by `user.deleted`.
 */
export interface CustomerSnapshot {
  readonly name: string;
  /** `null` once the user has been deleted. */
  readonly email: string | null;
}

/** An order as OrderService stores it. */
export interface Order {
  readonly id: number;
  readonly userId: number;
  readonly customer: CustomerSnapshot;
  readonly items: readonly OrderItem[];
}

/** The name an order shows for a customer whose user was deleted. */
export const DELETED_CUSTOMER: CustomerSnapshot = Object.freeze({
  name: "Deleted user",
  email: null,
});

/** The most lines one order may have. */
export const MAX_ITEMS = 100;

/**
 * Checks the lines of a new order and returns a copy of them: at least one,
 * at most {@linkcode MAX_ITEMS}, each a non-empty `sku` and a positive integer
 * `quantity`. Throws {@linkcode InvalidOrderError} otherwise.
 */
export function checkItems(items: readonly OrderItem[]): OrderItem[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new InvalidOrderError("An order needs at least one item");
  }
  if (items.length > MAX_ITEMS) {
    throw new InvalidOrderError(`An order may have at most ${MAX_ITEMS} items`);
  }
  return items.map(({ sku, quantity }, line) => {
    if (typeof sku !== "string" || sku.trim() === "") {
      throw new InvalidOrderError(`Item ${line + 1} needs a sku`);
    }
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new InvalidOrderError(`Item ${line + 1} needs a positive integer quantity`);
    }
    return { sku, quantity };
  });
}

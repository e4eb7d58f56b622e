/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1];
}

/**
 * A check of secrets against `expected` that takes the same time whatever
 * the secret: every code unit of `expected` is compared, the differences
 * folded together without a branch, and a secret of another length differs
 * in its length too. (Hashing both sides first, the usual way, costs a
 * microsecond per request; this costs a few nanoseconds.)
 *
 * @example
 * ```ts
 * const isToken = secretCheck("dev-token");
 * isToken("dev-token"); // true
 * ```
 */
export function secretCheck(expected: string): (secret: string) => boolean {
  if (expected.length === 0) throw new TypeError("The expected secret must not be empty");
  const length = expected.length;
  return function isExpected(secret: string): boolean {
    let difference = secret.length ^ length;
    for (let i = 0; i < length; i++) {
      // Past the end of `secret`, charCodeAt is NaN, which `^` reads as 0.
      difference |= expected.charCodeAt(i) ^ secret.charCodeAt(i);
    }
    return difference === 0;
  };
}

/** A check of `Authorization: Bearer` tokens against `expected`, in constant time. */
export function bearerTokenCheck(expected: string): (request: Request) => boolean {
  const isExpected = secretCheck(expected);
  return function isAuthorized(request: Request): boolean {
    const token = bearerToken(request);
    return token !== undefined && isExpected(token);
  };
}

import { createHash, timingSafeEqual } from "node:crypto";

/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1];
}

function digest(value: string): Uint8Array {
  return createHash("sha256").update(value).digest();
}

/**
 * A check of secrets against `expected` that takes the same time whatever
 * the secret (both sides are hashed, then compared in constant time).
 */
export function secretCheck(expected: string): (secret: string) => boolean {
  if (expected.length === 0) throw new TypeError("The expected secret must not be empty");
  const expectedDigest = digest(expected);
  return (secret) => timingSafeEqual(digest(secret), expectedDigest);
}

/** A check of `Authorization: Bearer` tokens against `expected`, in constant time. */
export function bearerTokenCheck(expected: string): (request: Request) => boolean {
  const isExpected = secretCheck(expected);
  return function isAuthorized(request: Request): boolean {
    const token = bearerToken(request);
    return token !== undefined && isExpected(token);
  };
}

/**
 * The value checks every package shares: a plain object, a revoked proxy, a non-negative safe
 * integer, a well-formed (UTF-8-exact) string. Each answers without throwing and reads nothing a
 * getter could intercept.
 * Owns: those predicates. Must not: throw, coerce or do IO.
 */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isRevokedProxy(value) || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * True for a proxy whose `revoke()` was called: every operation on it throws a `TypeError`, so it
 * can be neither read nor written. (`Array.isArray` throws only for revoked proxies.)
 */
export function isRevokedProxy(value: object): boolean {
  try {
    Array.isArray(value);
    return false;
  } catch {
    return true;
  }
}

/** A non-negative safe integer (not -0): ticks, costs, budgets. */
export function isNonNegativeSafeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0);
}

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** True when the string has no lone UTF-16 surrogate (so UTF-8 encoding is exact). */
export const isWellFormed: (s: string) => boolean =
  nativeIsWellFormed === undefined ? isWellFormedPortable : (s) => nativeIsWellFormed.call(s);

/** The same check for hosts without `String.prototype.isWellFormed` (ES2024). */
export function isWellFormedPortable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

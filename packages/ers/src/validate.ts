/**
 * Input checks shared by the public functions of @abraxas/ers. Each check throws an
 * `ErsValidationError` naming the calling function, the field and the rule.
 * Owns: argument validation. Must not: coerce or repair input.
 */
import { ErsValidationError } from './errors.js';
import type { Lane } from './types.js';

export const LANES: readonly Lane[] = ['forecast', 'shadow'];

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

export function requireObject(fn: string, field: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value === 'object' && value !== null && isRevokedProxy(value)) {
    throw new ErsValidationError(fn, field, 'must be an object that can be read; got a revoked proxy');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ErsValidationError(fn, field, 'must be an object', value);
  }
}

export function requireNonNegativeInt(fn: string, field: string, value: unknown): asserts value is number {
  if (!isNonNegativeSafeInt(value)) {
    throw new ErsValidationError(fn, field, 'must be a non-negative safe integer', value);
  }
}

export function requireSafeInt(fn: string, field: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ErsValidationError(fn, field, 'must be a safe integer', value);
  }
}

export function requirePositiveInt(fn: string, field: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ErsValidationError(fn, field, 'must be a positive safe integer', value);
  }
}

/** A well-formed (no lone surrogates), non-empty string: it must survive UTF-8 exactly. */
export function requireName(fn: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ErsValidationError(fn, field, 'must be a non-empty string', value);
  }
  if (!isWellFormed(value)) {
    throw new ErsValidationError(fn, field, 'must be well-formed Unicode (no lone surrogates)', value);
  }
}

export function requireLane(fn: string, field: string, value: unknown): asserts value is Lane {
  if (value !== 'forecast' && value !== 'shadow') {
    throw new ErsValidationError(fn, field, `must be one of ${LANES.map((l) => `'${l}'`).join(', ')}`, value);
  }
}

export function requireFunction(fn: string, field: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new ErsValidationError(fn, field, 'must be a function', value);
  }
}

export function requireTags(fn: string, field: string, value: unknown): asserts value is readonly string[] {
  if (!Array.isArray(value)) {
    throw new ErsValidationError(fn, field, 'must be an array of strings', value);
  }
  for (let i = 0; i < value.length; i++) {
    const tag: unknown = value[i];
    if (typeof tag !== 'string') {
      throw new ErsValidationError(fn, `${field}[${i}]`, 'must be a string', tag);
    }
    if (!isWellFormed(tag)) {
      throw new ErsValidationError(fn, `${field}[${i}]`, 'must be well-formed Unicode (no lone surrogates)', tag);
    }
  }
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

/**
 * Input checks shared by the public functions of @abraxas/ers. Each check throws an
 * `ErsValidationError` naming the calling function, the field and the rule.
 * Owns: argument validation. Must not: coerce or repair input.
 */
import { isPlainObject, isRevokedProxy, isNonNegativeSafeInt, isWellFormed } from '@abraxas/internal';
import { ErsValidationError } from './errors.js';
import type { Lane } from './types.js';

export const LANES: readonly Lane[] = ['forecast', 'shadow'];




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

export { isNonNegativeSafeInt, isPlainObject, isRevokedProxy, isWellFormed };

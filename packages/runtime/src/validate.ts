/**
 * Input checks of @abraxas/runtime. Each throws a `RuntimeValidationError` naming the calling
 * function, the field and the rule, so bad input is refused before any task runs or any byte is written.
 * Owns: argument validation. Must not: coerce or repair input, run tasks or do IO.
 */
import { isNonNegativeSafeInt, isPlainObject, isRevokedProxy, isWellFormed } from '@abraxas/internal';
import { Budget } from '@abraxas/ers';
import { isValidRunId, RUN_ID_RULE } from '@abraxas/artifacts';
import { RuntimeValidationError } from './errors.js';

export function requirePlainObject(fn: string, field: string, value: unknown): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new RuntimeValidationError(fn, field, 'must be a plain object', value);
}

/** An object the scheduler can hand to tasks as their context (not null, not an array). */
export function requireContext(fn: string, field: string, value: unknown): asserts value is object {
  if (typeof value === 'object' && value !== null && isRevokedProxy(value)) {
    throw new RuntimeValidationError(fn, field, 'must be an object that can be read; got a revoked proxy');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuntimeValidationError(fn, field, 'must be an object', value);
  }
}

export function requireTick(fn: string, field: string, value: unknown): asserts value is number {
  if (!isNonNegativeSafeInt(value)) {
    throw new RuntimeValidationError(fn, field, 'must be a non-negative safe integer', value);
  }
}

export function requireCost(fn: string, field: string, value: unknown): asserts value is number {
  if (!isNonNegativeSafeInt(value)) {
    throw new RuntimeValidationError(fn, field, 'must be a non-negative safe integer', value);
  }
}

export function requireRunId(fn: string, field: string, value: unknown): asserts value is string {
  if (!isValidRunId(value)) throw new RuntimeValidationError(fn, field, RUN_ID_RULE, value);
}

/** A non-empty string that UTF-8 holds exactly (no lone surrogates). */
export function requireText(fn: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new RuntimeValidationError(fn, field, 'must be a non-empty string', value);
  }
  if (!isWellFormed(value)) {
    throw new RuntimeValidationError(fn, field, 'must be well-formed Unicode (no lone surrogates)', value);
  }
}

export function requireFunction(fn: string, field: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new RuntimeValidationError(fn, field, 'must be a function', value);
}

export function requireBudget(fn: string, field: string, value: unknown): asserts value is Budget {
  if (!(value instanceof Budget)) {
    throw new RuntimeValidationError(fn, field, 'must be a Budget (new Budget({ ops, entropy }) from @abraxas/ers)', value);
  }
}

export function requireBoolean(fn: string, field: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new RuntimeValidationError(fn, field, 'must be a boolean', value);
}

export { isPlainObject };

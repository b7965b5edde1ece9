/**
 * Assertion helper for bad-input tests: the call throws a `VizValidationError` (also an
 * `ErsValidationError`) whose message names the function and the field.
 * Owns: that assertion. Must not: decide what is bad input (the tests do).
 */
import { ErsValidationError } from '@abraxas/ers';
import { expect } from 'vitest';
import { VizValidationError } from '../src/index.js';

export function expectVizError(call: () => unknown, fn: string, field: string, rule?: RegExp): VizValidationError {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(VizValidationError);
  expect(caught).toBeInstanceOf(ErsValidationError);
  const err = caught as VizValidationError;
  expect(err.name).toBe('VizValidationError');
  expect(err.fn).toBe(fn);
  expect(err.field).toBe(field);
  expect(err.message.startsWith(`${fn}: ${field} `)).toBe(true);
  if (rule !== undefined) expect(err.message).toMatch(rule);
  return err;
}

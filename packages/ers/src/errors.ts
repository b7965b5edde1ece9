/**
 * Error classes of @abraxas/ers. Every message names the function, the field and the rule
 * broken, so a caller can fix the input without reading the source.
 * Owns: error types and message formatting. Must not: do anything else.
 */

import { describeValue } from '@abraxas/internal';
import { brandKey, hasBrand, setBrand } from './brand.js';

/**
 * Base class of every error this package throws on purpose. `instanceof` holds across copies of the
 * package (ESM and CommonJS builds, two installed versions): each class is recognised by its
 * registered brand `Symbol.for('@abraxas/ers.<ClassName>')`, not by class identity.
 */
export class ErsError extends Error {
  static override [Symbol.hasInstance](this: abstract new (...args: never[]) => unknown, value: unknown): boolean {
    const key = BRANDS.get(this);
    return key === undefined ? Function.prototype[Symbol.hasInstance].call(this, value) : hasBrand(value, key);
  }

  override name = 'ErsError';
}

/** A function received input that breaks one of its rules (type, range, shape). */
export class ErsValidationError extends ErsError {
  override name = 'ErsValidationError';
  readonly fn: string;
  readonly field: string;
  constructor(fn: string, field: string, rule: string, ...got: [] | [unknown]) {
    super(`${fn}: ${field} ${rule}${got.length === 0 ? '' : `; got ${describeValue(got[0])}`}`);
    this.fn = fn;
    this.field = field;
  }
}

/** `DeterministicScheduler.add` was given a task whose name is already registered. */
export class DuplicateTaskError extends ErsError {
  override name = 'DuplicateTaskError';
  readonly taskName: string;
  constructor(taskName: string) {
    super(`DeterministicScheduler.add: task.name must be unique; ${JSON.stringify(taskName)} is already added`);
    this.taskName = taskName;
  }
}

/** A value cannot be written as canonical JSON exactly; `path` points at the offending value. */
export class CanonicalJsonError extends ErsError {
  override name = 'CanonicalJsonError';
  readonly path: string;
  constructor(fn: string, path: string, rule: string) {
    super(`${fn}: value at ${path} ${rule}`);
    this.path = path;
  }
}

/** Thrown inside a shadow-lane task that tries to write to its read-only context. */
export class ShadowWriteError extends ErsError {
  override name = 'ShadowWriteError';
}

/** Recorded as the error of a task whose function returned a promise to the synchronous `runTick`. */
export class AsyncTaskError extends ErsError {
  override name = 'AsyncTaskError';
}

const BRANDS = new Map<abstract new (...args: never[]) => unknown, symbol>();
// Names spelt out: a bundler may rename a class, the brand must not change with it.
const BRANDED = [
  [ErsError, 'ErsError'],
  [ErsValidationError, 'ErsValidationError'],
  [DuplicateTaskError, 'DuplicateTaskError'],
  [CanonicalJsonError, 'CanonicalJsonError'],
  [ShadowWriteError, 'ShadowWriteError'],
  [AsyncTaskError, 'AsyncTaskError'],
] as const;
for (const [cls, name] of BRANDED) {
  const key = brandKey(name);
  BRANDS.set(cls, key);
  setBrand(cls.prototype, key);
}

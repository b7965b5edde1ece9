/**
 * Unknown option keys refused with this package's error; the rule and the nearest-key search are
 * shared (`@abraxas/internal`).
 * Owns: raising `ErsValidationError` for an unknown key. Must not: read option values.
 */
import { unknownKeyRule } from '@abraxas/internal';
import { ErsValidationError } from './errors.js';

export { didYouMean, optionKeys } from '@abraxas/internal';

/**
 * Throws an `ErsValidationError` naming `fn`, the first own key of `options` (in property order)
 * that is not in `known`, and the nearest known key. `prefix` is prepended to the field (`task.`).
 */
export function requireKnownKeys(fn: string, options: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ErsValidationError(fn, `${prefix}${key}`, unknownKeyRule(key, known));
  }
}

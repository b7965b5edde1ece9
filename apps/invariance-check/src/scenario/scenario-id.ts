/**
 * Scenario ids: the stable keys of the lock file. An id starts with a letter and uses only ASCII
 * letters, digits and `.`, `_`, `:`, `-` (so it is never a machine path, never an integer-like key,
 * and sorts the same everywhere).
 * Owns: the id rule. Must not: know where ids come from.
 */

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9._:-]{0,99}$/;

/** The rule, as error messages state it. */
export const ID_RULE = 'must start with an ASCII letter and use only ASCII letters, digits, ".", "_", ":" or "-" (at most 100 characters)';

export function isScenarioId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * How error messages describe a bad value: short, deterministic, never reading more than the
 * value's type and prototype (a revoked proxy or a hostile getter cannot throw here).
 * Owns: `describeValue`. Must not: do IO.
 */

/** A short, deterministic description of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${String(value)}n (bigint)`;
    case 'boolean':
      return String(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default: {
      try {
        Array.isArray(value);
      } catch {
        return 'a revoked proxy';
      }
      if (Array.isArray(value)) return 'an array';
      try {
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto === Object.prototype || proto === null) return 'an object';
        const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
        return typeof ctor?.name === 'string' && ctor.name !== '' ? `an instance of ${ctor.name}` : 'an object';
      } catch {
        // A proxy whose traps throw, or a throwing `constructor` getter.
        return 'an object';
      }
    }
  }
}

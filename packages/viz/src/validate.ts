/**
 * Input checks shared by the public functions of @abraxas/viz. Each check throws a
 * `VizValidationError` naming the calling function, the field and the rule.
 * Owns: argument validation and the validated deep copy of JSON data. Must not: coerce or repair input.
 */
import { isNonNegativeSafeInt, isPlainObject, isWellFormed } from '@abraxas/internal';
import { MAX_JSON_DEPTH } from '@abraxas/ers';
import type { Lane, Status } from '@abraxas/ers';
import { VizValidationError } from './errors.js';
import type { JsonObject } from './types.js';

export const LANES: readonly Lane[] = ['forecast', 'shadow'];
export const STATUSES: readonly Status[] = ['ok', 'skipped_budget', 'error', 'not_computable'];

/** Any non-array object (option bags, `Budget` instances). */
export function requireObject(fn: string, field: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new VizValidationError(fn, field, 'must be an object', value);
  }
}

export function requirePlainObject(fn: string, field: string, value: unknown): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new VizValidationError(fn, field, 'must be a plain object', value);
}

export function requireArray(fn: string, field: string, value: unknown, of: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new VizValidationError(fn, field, `must be an array of ${of}`, value);
}

export function requireNonNegativeInt(fn: string, field: string, value: unknown): asserts value is number {
  if (!isNonNegativeSafeInt(value)) {
    throw new VizValidationError(fn, field, 'must be a non-negative safe integer', value);
  }
}

/** A non-empty string without lone surrogates (so its UTF-8 bytes are exact). */
export function requireName(fn: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new VizValidationError(fn, field, 'must be a non-empty string', value);
  }
  if (!isWellFormed(value)) {
    throw new VizValidationError(fn, field, 'must be well-formed Unicode (no lone surrogates)', value);
  }
}

export function requireLane(fn: string, field: string, value: unknown): asserts value is Lane {
  if (!(LANES as readonly unknown[]).includes(value)) {
    throw new VizValidationError(fn, field, `must be one of ${quoted(LANES)}`, value);
  }
}

export function requireStatus(fn: string, field: string, value: unknown): asserts value is Status {
  if (!(STATUSES as readonly unknown[]).includes(value)) {
    throw new VizValidationError(fn, field, `must be one of ${quoted(STATUSES)}`, value);
  }
}

/** Throws unless `keys` are exactly the own keys of `record`, naming the first extra or missing one. */
export function requireExactKeys(fn: string, field: string, record: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) {
      throw new VizValidationError(fn, `${field}${fieldPath('', key)}`, 'is missing');
    }
  }
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) {
      throw new VizValidationError(fn, `${field}${fieldPath('', key)}`, `is not a field of this record (allowed: ${keys.join(', ')})`);
    }
  }
}

/**
 * A deep copy of `value`, which must be a plain object holding only JSON data that round-trips
 * exactly: null, booleans, finite numbers within ±(2^53 − 1), well-formed strings, plain arrays
 * without holes and plain objects, at most `MAX_JSON_DEPTH` deep, without cycles. Every property is
 * read once (what was checked is what is copied); the copy shares nothing with the input.
 */
export function cloneJsonObject(fn: string, field: string, value: unknown): JsonObject {
  requirePlainObject(fn, field, value);
  // The path is kept as segments and only spelled out for an error message: this runs per event.
  const segments: (string | number)[] = [];
  const here = (): string => segments.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : fieldPath(p, s)), field);
  const stack: object[] = [];
  const copy = (v: unknown): unknown => {
    switch (typeof v) {
      case 'string':
        if (!isWellFormed(v)) throw new VizValidationError(fn, here(), 'must be well-formed Unicode (no lone surrogates)', v);
        return v;
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) throw new VizValidationError(fn, here(), 'must be a finite number (JSON has no NaN or Infinity)', v);
        if (Math.abs(v) > Number.MAX_SAFE_INTEGER) {
          throw new VizValidationError(fn, here(), 'must be within ±(2^53 − 1) (JSON readers cannot hold it exactly)', v);
        }
        return v;
      case 'object':
        break;
      default:
        throw new VizValidationError(fn, here(), 'must be JSON data (null, boolean, number, string, array or plain object)', v);
    }
    if (v === null) return null;
    if (stack.includes(v)) throw new VizValidationError(fn, here(), 'must not be a cycle back to an enclosing value');
    if (stack.length >= MAX_JSON_DEPTH) {
      throw new VizValidationError(fn, here(), `must not nest deeper than ${String(MAX_JSON_DEPTH)} arrays and objects`);
    }
    stack.push(v);
    let out: unknown;
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) throw new VizValidationError(fn, here(), 'must be a plain array', v);
      const n = (v as readonly unknown[]).length;
      const arr = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        segments.push(i);
        const item = (v as readonly unknown[])[i];
        if (item === undefined && !(i in v)) throw new VizValidationError(fn, here(), 'must not be a hole in a sparse array');
        arr[i] = copy(item);
        segments.pop();
      }
      out = arr;
    } else {
      if (!isPlainObject(v)) throw new VizValidationError(fn, here(), 'must be a plain object', v);
      // One ownKeys read (a proxy is asked once): string keys, then any symbols.
      const keys = Reflect.ownKeys(v);
      if (keys.length > 0 && typeof keys[keys.length - 1] === 'symbol') throw new VizValidationError(fn, here(), 'must not have symbol keys');
      const obj: Record<string, unknown> = {};
      for (const key of keys as string[]) {
        segments.push(key);
        if (!isWellFormed(key)) throw new VizValidationError(fn, here(), 'must have a well-formed Unicode key (no lone surrogates)');
        const item = copy(v[key]);
        if (key === '__proto__') {
          // defineProperty keeps a key named "__proto__" an ordinary own key.
          Object.defineProperty(obj, key, { value: item, enumerable: true, writable: true, configurable: true });
        } else {
          obj[key] = item;
        }
        segments.pop();
      }
      out = obj;
    }
    stack.pop();
    return out;
  };
  return copy(value) as JsonObject;
}

/** `path.key` for identifier-like keys, `path["key"]` otherwise. */
export function fieldPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

export { isPlainObject, isWellFormed };

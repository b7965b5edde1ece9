/**
 * The one canonical JSON of the project: UTF-8, object keys sorted by Unicode code point,
 * separators `,` and `:`, non-ASCII written literally, string escapes as `JSON.stringify` — the bytes
 * of Python's `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`.
 * Values JSON cannot hold exactly are rejected with their path, never dropped or stringified.
 * Owns: canonical JSON text and bytes. Must not: hash (see hash/sha256.ts).
 */
import stableStringify from 'fast-json-stable-stringify';
import { compareCodePoints } from './code-point.js';
import { CanonicalJsonError, describeValue } from './errors.js';
import { isWellFormed } from './validate.js';

const encoder = new TextEncoder();

/** The package's bundled types declare no options; this is its real signature with `cmp`. */
const stringify = stableStringify as unknown as (
  value: unknown,
  options: { cmp: (a: { key: string; value: unknown }, b: { key: string; value: unknown }) => number },
) => string;

/** Canonical JSON text of `value`. Throws `CanonicalJsonError` naming the path of a bad value. */
export function canonicalJson(value: unknown): string {
  return canonicalJsonAt('canonicalJson', value, '$');
}

/** `canonicalJson` for internal callers, whose errors name their own function and path. */
export function canonicalJsonAt(fnName: string, value: unknown, path: string): string {
  assertJsonExact(fnName, value, path);
  return stringify(value, { cmp: byKeyCodePoint });
}

function byKeyCodePoint(a: { key: string }, b: { key: string }): number {
  return compareCodePoints(a.key, b.key);
}

/** UTF-8 bytes of `canonicalJson(value)`. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/** UTF-8 bytes of a string (strings given to the hash are validated well-formed by callers). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Throws unless `value` is plain JSON data that round-trips exactly: null, booleans, finite
 * numbers, well-formed strings, arrays without holes and plain objects, without cycles.
 * `fnName` names the public function in the error message.
 */
export function assertJsonExact(fnName: string, value: unknown, rootPath = '$'): void {
  const stack: object[] = [];
  const visit = (v: unknown, path: string): void => {
    switch (typeof v) {
      case 'string':
        if (!isWellFormed(v)) throw new CanonicalJsonError(fnName, path, 'is a string with a lone surrogate (not valid UTF-8)');
        return;
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new CanonicalJsonError(fnName, path, `is ${String(v)} (JSON has no NaN or Infinity)`);
        return;
      case 'undefined':
        throw new CanonicalJsonError(fnName, path, 'is undefined (JSON has no undefined)');
      case 'bigint':
        throw new CanonicalJsonError(fnName, path, 'is a BigInt (not a JSON number)');
      case 'function':
        throw new CanonicalJsonError(fnName, path, 'is a function');
      case 'symbol':
        throw new CanonicalJsonError(fnName, path, 'is a symbol');
      default:
        break;
    }
    if (v === null) return;
    const obj = v as object;
    if (stack.includes(obj)) throw new CanonicalJsonError(fnName, path, 'is a cycle back to an enclosing value');
    stack.push(obj);
    if (Array.isArray(obj)) {
      if (Object.getPrototypeOf(obj) !== Array.prototype) {
        throw new CanonicalJsonError(fnName, path, `is ${describeValue(obj)} (only plain arrays and objects)`);
      }
      for (let i = 0; i < obj.length; i++) {
        if (!(i in obj)) throw new CanonicalJsonError(fnName, `${path}[${i}]`, 'is a hole in a sparse array');
        visit((obj as unknown[])[i], `${path}[${i}]`);
      }
    } else {
      const proto: unknown = Object.getPrototypeOf(obj);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(fnName, path, `is ${describeValue(obj)} (only plain arrays and objects)`);
      }
      if (Object.getOwnPropertySymbols(obj).length > 0) {
        throw new CanonicalJsonError(fnName, path, 'has symbol keys');
      }
      for (const key of Object.keys(obj)) {
        const childPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
        if (!isWellFormed(key)) throw new CanonicalJsonError(fnName, childPath, 'has a key with a lone surrogate');
        visit((obj as Record<string, unknown>)[key], childPath);
      }
    }
    stack.pop();
  };
  visit(value, rootPath);
}

/**
 * The one canonical JSON of the project: UTF-8, object keys sorted by Unicode code point,
 * separators `,` and `:`, non-ASCII written literally, string escapes as `JSON.stringify` — the bytes
 * of Python's `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`.
 *
 * One pass reads the value: it checks every part and copies it into fresh plain data with keys in
 * code-point order, reading every property exactly once. The text is written from that copy (by one
 * native `JSON.stringify` when the copy's own key order is already canonical), so a getter or a proxy
 * cannot pass the checks and then be written as something else, and no `toJSON` is ever called.
 * Values JSON cannot hold exactly are refused with their path, never dropped or stringified.
 * A key list met before (same keys, same order) reuses its checked, sorted order and a copier made
 * for it (json-shape.ts).
 * Owns: canonical JSON text and bytes, the depth limit. Must not: hash (see hash/sha256.ts).
 */
import { compareCodePoints, describeValue, isWellFormed } from '@abraxas/internal';
import { CanonicalJsonError } from './errors.js';
import { ShapeCache, type Shape } from './json-shape.js';
import type { JsonValue } from './types.js';

/**
 * The deepest nesting canonical JSON accepts: a value inside more than this many arrays and objects
 * is refused (Python's `json` stops at its recursion limit of about 1,000 too).
 */
export const MAX_JSON_DEPTH = 1000;

const encoder = new TextEncoder();

/** Canonical JSON text of `value`. Throws `CanonicalJsonError` naming the path of a bad value. */
export function canonicalJson(value: unknown): string {
  return canonicalJsonAt('canonicalJson', value, '$');
}

/** UTF-8 bytes of `canonicalJson(value)`. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJsonAt('canonicalJson', value, '$'));
}

/** UTF-8 bytes of a string (strings given to the hash are validated well-formed by callers). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `canonicalJson` for internal callers, whose errors name their own function and root path. */
export function canonicalJsonAt(fnName: string, value: unknown, rootPath: string): string {
  const reader = new JsonReader(fnName);
  return reader.text(reader.copy(value, rootPath));
}

const DEPTH_RULE = `nests deeper than ${String(MAX_JSON_DEPTH)} arrays and objects (the canonical JSON depth limit)`;

/** A refusal on its way up (never leaves this file): each enclosing array or object adds its index or key. */
class Fault extends Error {
  readonly segments: (string | number)[] = [];
  constructor(readonly rule: string) {
    super(rule);
  }
}

/** What one reading pass keeps: the objects enclosing the value being read, and the key order. */
interface Pass {
  /** `ancestors[d - 1]`: the array or object at depth d on the way to the value being read. */
  readonly ancestors: object[];
  /** False once an object held an array-index key ("7") next to others: JS lists those first. */
  ordered: boolean;
}

/**
 * Reads values once each into checked, fresh copies with object keys inserted in code-point order,
 * and writes the canonical text of what it copied. Errors name `fnName` and the path.
 */
export class JsonReader {
  readonly #pass: Pass = { ancestors: [], ordered: true };
  readonly #fnName: string;

  constructor(fnName: string) {
    this.#fnName = fnName;
  }

  /**
   * The checked copy of `value`, whose path in errors starts at `rootPath` — or, given `index`, at
   * `rootPath[index]suffix` (spelled out only for an error).
   */
  copy(value: unknown, rootPath: string, index?: number, suffix = ''): JsonValue {
    try {
      return copyValue(value, 1, this.#pass);
    } catch (e) {
      if (index !== undefined) rootPath = `${rootPath}[${String(index)}]${suffix}`;
      const fault = e instanceof Fault ? e : unreadable(e);
      const segments = fault.segments.reverse();
      const cycle = fault.rule === DEPTH_RULE ? firstRepeat(this.#pass.ancestors) : -1;
      if (cycle >= 0) {
        throw new CanonicalJsonError(this.#fnName, pathOf(rootPath, segments.slice(0, cycle)), 'is a cycle back to an enclosing value');
      }
      throw new CanonicalJsonError(this.#fnName, pathOf(rootPath, segments), fault.rule);
    }
  }

  /** Canonical text of `data`: plain data holding only values this reader copied. */
  text(data: unknown): string {
    return this.#pass.ordered && !prototypesHaveToJson() ? JSON.stringify(data) : writeSorted(data as JsonValue);
  }
}

function copyValue(v: unknown, depth: number, pass: Pass): JsonValue {
  switch (typeof v) {
    case 'string':
      if (!isWellFormed(v)) throw new Fault('is a string with a lone surrogate (not valid UTF-8)');
      return v;
    case 'number':
      if (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER || v !== v) throw new Fault(numberRule(v));
      return v === 0 ? 0 : v;
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return null;
      if (depth > MAX_JSON_DEPTH) throw new Fault(DEPTH_RULE);
      pass.ancestors[depth - 1] = v;
      if (Array.isArray(v)) return copyArray(v as readonly unknown[], depth, pass);
      // A shape's copier is called from here, so a level of nesting holds two stack frames, as an
      // array's does.
      const shape = objectShape(v, pass);
      if (shape === null) return {};
      const copier = shape.copier;
      return copier !== null ? (copier(v, depth + 1, pass) as { [key: string]: JsonValue }) : copyKeys(v, shape, depth, pass);
    }
    case 'undefined':
      throw new Fault('is undefined (JSON has no undefined)');
    case 'bigint':
      throw new Fault('is a BigInt (not a JSON number)');
    case 'function':
      throw new Fault('is a function');
    default:
      throw new Fault('is a symbol');
  }
}

function copyArray(arr: readonly unknown[], depth: number, pass: Pass): JsonValue[] {
  if (Object.getPrototypeOf(arr) !== Array.prototype) throw new Fault(`is ${describeValue(arr)} (only plain arrays and objects)`);
  const n = arr.length;
  let i = 0;
  try {
    // Up to three items, the copy is an array literal of its exact length: one grown by `push`
    // reserves room for 17 items, which makes many short arrays slower to write out too.
    if (n <= 3) {
      if (n === 0) return [];
      const a = copyValue(itemOf(arr, 0), depth + 1, pass);
      if (n === 1) return [a];
      i = 1;
      const b = copyValue(itemOf(arr, 1), depth + 1, pass);
      if (n === 2) return [a, b];
      i = 2;
      return [a, b, copyValue(itemOf(arr, 2), depth + 1, pass)];
    }
    const out: JsonValue[] = [];
    for (; i < n; i++) out.push(copyValue(itemOf(arr, i), depth + 1, pass));
    return out;
  } catch (e) {
    throw withSegment(e, i);
  }
}

/** `arr[i]`, read once; a hole is refused (a sparse array is not JSON). */
function itemOf(arr: readonly unknown[], i: number): unknown {
  const item = arr[i];
  if (item === undefined && !(i in arr)) throw new Fault('is a hole in a sparse array');
  return item;
}

/** The checked shape of a plain object's own keys, or null when it has none. */
function objectShape(obj: object, pass: Pass): Shape<Pass> | null {
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) throw new Fault(notPlain(obj, proto));
  // Symbol keys are listed first, only to refuse them: an object (or proxy) that shows one is refused
  // before its string keys are listed. The string keys in JS order are listed once: only these are
  // read and written. (Reflect.ownKeys, one listing of both, costs more than the copy itself.)
  if (Object.getOwnPropertySymbols(obj).length !== 0) throw new Fault('has symbol keys');
  const keys = Object.getOwnPropertyNames(obj);
  if (keys.length === 0) return null;
  const shape = shapes.shapeOf(keys, badKey);
  if (!shape.ordered) pass.ordered = false;
  return shape;
}

/** The copy of a plain object of a shape without a copier, its keys read in code-point order. */
function copyKeys(obj: object, shape: Shape<Pass>, depth: number, pass: Pass): { [key: string]: JsonValue } {
  const names = shape.order;
  const n = names.length;
  // A clone of the shape's template already holds every key, in code-point order: filling it in
  // only overwrites own data properties (an own "__proto__" too, never the prototype). Without a
  // template the keys are added in that order; a key Object.prototype holds ("__proto__",
  // "toString", or anything defined there) is defined, as assigning it would go through the
  // prototype: set the prototype, call a setter, or fail on a read-only (frozen) property.
  const template = shape.template;
  const out: { [key: string]: JsonValue } = template === null ? {} : { ...template };
  let key = '';
  try {
    for (let i = 0; i < n; i++) {
      key = names[i] as string;
      const value = copyValue((obj as Record<string, unknown>)[key], depth + 1, pass);
      if (template === null && key in out) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
  } catch (e) {
    throw withSegment(e, key);
  }
  return out;
}

function numberRule(v: number): string {
  if (Number.isFinite(v)) return `is ${String(v)}, beyond ±(2^53 − 1): JSON readers cannot hold it exactly`;
  return `is ${String(v)} (JSON has no NaN or Infinity)`;
}

function withSegment(e: unknown, segment: string | number): Fault {
  const fault = e instanceof Fault ? e : unreadable(e);
  fault.segments.push(segment);
  return fault;
}

/** A getter, proxy trap or revoked proxy threw while being read. */
function unreadable(e: unknown): Fault {
  let detail: string;
  try {
    detail = e instanceof Error ? `${e.name}: ${e.message}` : describeValue(e);
  } catch {
    detail = 'an unreadable value';
  }
  return new Fault(`could not be read (${detail})`);
}

/** Index of the first ancestor that repeats an earlier one (a cycle), or -1. */
function firstRepeat(ancestors: readonly object[]): number {
  const seen = new Set<object>();
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i] as object;
    if (seen.has(a)) return i;
    seen.add(a);
  }
  return -1;
}

function pathOf(root: string, segments: readonly (string | number)[]): string {
  let path = root;
  for (const s of segments) {
    path += typeof s === 'number' ? `[${String(s)}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return path;
}

/** Why an object with another prototype is refused (a class instance, or `{ __proto__: x }`). */
function notPlain(obj: object, proto: unknown): string {
  if (Object.getPrototypeOf(proto) === Object.prototype && !Object.prototype.hasOwnProperty.call(proto, 'constructor')) {
    return 'is an object whose prototype is another object, as `{ __proto__: x }` or Object.create(x) makes (only plain arrays and objects)';
  }
  return `is ${describeValue(obj)} (only plain arrays and objects)`;
}

/** Shapes met by every reader: compiled copiers call `copyValue` for each property. */
const shapes = new ShapeCache<Pass>(copyValue, withSegment);

function badKey(key: string): Fault {
  return withSegment(new Fault('has a key with a lone surrogate'), key);
}

/** True when someone defined `toJSON` on the prototypes of plain data: `JSON.stringify` would call it. */
function prototypesHaveToJson(): boolean {
  return 'toJSON' in Object.prototype || 'toJSON' in Array.prototype;
}

/**
 * Canonical text of a checked copy whose objects do not all enumerate in canonical order: written
 * piece by piece, keys sorted by code point. The copy is fresh plain data, so reading it is safe.
 */
function writeSorted(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(writeSorted).join(',')}]`;
  const obj = v as { readonly [key: string]: JsonValue };
  const keys = Object.keys(obj).sort(compareCodePoints);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${writeSorted(obj[k] as JsonValue)}`).join(',')}}`;
}

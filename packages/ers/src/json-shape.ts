/**
 * Object key lists met by canonical JSON ("shapes"), and how an object of a known shape is copied.
 * A shape is checked (keys well-formed, sorted by code point) the first time its key list is met,
 * and its object is copied key by key. Once the shape repeats, its objects are copied by a copier
 * compiled for it: one object literal with the shape's keys, read in code-point order. It reads and
 * writes each property by name, which is what makes copying records of one kind fast. A shape too
 * wide to compile is copied by cloning a template holding its keys in order and filling it in.
 * Hosts that forbid code from strings (a Content-Security-Policy without `unsafe-eval`,
 * `--disallow-code-generation-from-strings`) keep the template path; the bytes are the same.
 * Owns: the shape cache and the compiled copiers. Must not: read values (the copier is handed the
 * function that reads each one), or write text.
 */
import { compareCodePoints, isWellFormed } from '@abraxas/internal';

/** What a compiled copier calls for each property: reads and checks one value, one level deeper. */
export type ReadValue<P> = (value: unknown, depth: number, pass: P) => unknown;
/** What a compiled copier calls when reading a property threw: adds the key to the error's path. */
export type AddSegment = (error: unknown, key: string) => unknown;
/** Copies an object of its shape: every key read once, in code-point order, into a fresh object. */
export type ShapeCopier<P> = (obj: object, depth: number, pass: P) => { [key: string]: unknown };

/** An object key list met before: its keys in code-point order, all well-formed. */
export interface Shape<P> {
  /** The key list as the object listed it (the cache key). */
  readonly keys: readonly string[];
  /** The same keys in code-point order: the order they are read and written in. */
  readonly order: readonly string[];
  /** False when an array-index key ("7") sits next to others (anywhere in the list, as a proxy may list it): JS enumerates those first, out of order. */
  readonly ordered: boolean;
  /**
   * Once the shape repeats and has no copier: the keys of `order`, inserted in that order as own
   * data properties, each holding null (a clone of it is filled in). Null until then.
   */
  template: { readonly [key: string]: null } | null;
  /** The compiled copier, once the shape repeated; null until then, or when it is not compiled. */
  copier: ShapeCopier<P> | null;
}

/** A shape with more keys than this is copied through its template: one-off wide maps are common. */
const MAX_COMPILED_KEYS = 64;
const SHAPE_CACHE_LIMIT = 4096;
/** Shapes kept per first key (records of a few kinds often share their first key). */
const SHAPES_PER_FIRST_KEY = 4;
/** Compiled copiers kept at once (each holds a small function). */
const COMPILED_LIMIT = 512;
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
/**
 * The built-ins copiers are made with, as they were when this module loaded: a `Function` or
 * `JSON.stringify` replaced or wrapped later can neither refuse records, nor stand in for a copier,
 * nor write a key into the source unquoted.
 */
const FunctionConstructor = Function;
const stringify = JSON.stringify;

/** A cache of shapes for one reading function (`read` is what compiled copiers call per value). */
export class ShapeCache<P> {
  /** Shapes met before, by first key; a hit must list the same keys in the same order. */
  readonly #shapes = new Map<string, Shape<P>[]>();
  readonly #read: ReadValue<P>;
  readonly #segment: AddSegment;
  #size = 0;
  #compiled = 0;
  /** False once the host refused to compile code from a string. */
  #canCompile = true;

  constructor(read: ReadValue<P>, segment: AddSegment) {
    this.#read = read;
    this.#segment = segment;
  }

  /**
   * The shape of a key list: checked well-formed and sorted by code point the first time, then
   * reused while the same list (same keys, same order) repeats, as in many records of one kind.
   * The second time a shape is met, its copier (or, failing that, its template) is made.
   * Throws `badKey(key)` for a key with a lone surrogate.
   */
  shapeOf(keys: readonly string[], badKey: (key: string) => unknown): Shape<P> {
    const first = keys[0] as string;
    const known = this.#shapes.get(first);
    if (known !== undefined) {
      for (const shape of known) {
        if (!sameKeys(shape.keys, keys)) continue;
        if (shape.copier === null && shape.template === null) this.#prepare(shape);
        return shape;
      }
    }
    const n = keys.length;
    const order = n > 1 && !inCodePointOrder(keys) ? [...keys].sort(compareCodePoints) : keys;
    for (const key of order) {
      if (!isWellFormed(key)) throw badKey(key);
    }
    const shape: Shape<P> = { keys, order, ordered: n < 2 || !hasIndexKey(keys), template: null, copier: null };
    if (this.#size >= SHAPE_CACHE_LIMIT) {
      this.#shapes.clear();
      this.#size = 0;
      this.#compiled = 0;
    }
    if (known === undefined) this.#shapes.set(first, [shape]);
    else if (known.length < SHAPES_PER_FIRST_KEY) known.push(shape);
    else {
      const slot = this.#size % SHAPES_PER_FIRST_KEY;
      if (known[slot]?.copier != null) this.#compiled--;
      known[slot] = shape;
    }
    this.#size++;
    return shape;
  }

  #prepare(shape: Shape<P>): void {
    shape.copier = this.#compile(shape.order);
    if (shape.copier !== null) return;
    const template: { [key: string]: null } = {};
    for (const key of shape.order) Object.defineProperty(template, key, { value: null, enumerable: true, writable: true, configurable: true });
    shape.template = template;
  }

  #compile(order: readonly string[]): ShapeCopier<P> | null {
    if (!this.#canCompile || order.length > MAX_COMPILED_KEYS || this.#compiled >= COMPILED_LIMIT) return null;
    try {
      const copier = compileCopier(order, this.#read, this.#segment);
      this.#compiled++;
      return copier;
    } catch {
      // This host does not compile code from strings (an EvalError), or cannot here: templates
      // serve from now on, with the same reads and bytes.
      this.#canCompile = false;
      return null;
    }
  }
}

/**
 * A copier for objects with exactly these keys: `{ "a": read(o["a"], d, p), ... }` in `order`.
 * Each key is written into the source as a JSON string literal (a valid JavaScript string literal
 * for a well-formed key, with U+2028 and U+2029 escaped too), so no key can change the code.
 * `__proto__` is written as a computed key, which defines an own property (a literal
 * `"__proto__": v` would set the prototype instead).
 */
function compileCopier<P>(order: readonly string[], read: ReadValue<P>, segment: AddSegment): ShapeCopier<P> {
  const fields = order.map((key, i) => {
    const literal = sourceString(key);
    const name = key === '__proto__' ? `[${literal}]` : literal;
    return `${name}: (k = ${String(i)}, read(o[${literal}], d, p))`;
  });
  const source = `return function copyShape(o, d, p) {
  let k = 0;
  try {
    return { ${fields.join(',\n      ')} };
  } catch (e) {
    throw segment(e, order[k]);
  }
};`;
  // The one place code is made from a string; its only inputs are the checked keys, as literals.
  const make = new FunctionConstructor('read', 'segment', 'order', source) as (r: ReadValue<P>, s: AddSegment, o: readonly string[]) => ShapeCopier<P>;
  return make(read, segment, order);
}

function sourceString(key: string): string {
  return stringify(key).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && INDEX_KEY.test(key) && Number(key) < 2 ** 32 - 1;
}

/** True when some key is an array index: a plain object lists those first, a proxy anywhere. */
function hasIndexKey(keys: readonly string[]): boolean {
  for (const key of keys) if (isIndexKey(key)) return true;
  return false;
}

function inCodePointOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (compareCodePoints(keys[i - 1] as string, keys[i] as string) > 0) return false;
  }
  return true;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The single-pass canonical JSON against its reference: fast-json-stable-stringify with a
 * code-point comparator, on arbitrary JSON with hostile keys, astral and surrogate-adjacent strings,
 * deep and wide values. Lone surrogates are refused by the contract, so they are tested apart.
 */
import fc from 'fast-check';
import stableStringify from 'fast-json-stable-stringify';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from '../src/index.js';

/** Code-point order computed independently of the implementation. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

/** The package's bundled types declare no options; this is its real signature with `cmp`. */
const reference = (value: unknown): string =>
  (stableStringify as unknown as (v: unknown, o: { cmp: (a: { key: string }, b: { key: string }) => number }) => string)(value, {
    cmp: (a, b) => byCodePoint(a.key, b.key),
  });

/** Characters around the places UTF-16 and code-point order or escaping disagree. */
const edgeChar = fc.constantFrom(
  '\u0000', '\u001f', '"', '\\', '\u007f', '\u2028', '\u2029', '\ud7ff', '\ue000', '\uff5e', '\uffff',
  '\u{10000}', '\u{1f600}', '\u{10ffff}', 'a', 'é', '日',
);
const edgeString = fc.oneof(fc.array(edgeChar, { maxLength: 6 }).map((cs) => cs.join('')), fc.string({ unit: 'grapheme', maxLength: 6 }));
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', '', '0', '9', '10', '4294967295', '-1', ' '),
  edgeString,
);

/** An object with exactly these own keys, "__proto__" included, made without touching prototypes. */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 8 },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ noNaN: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    edgeString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.uniqueArray(fc.tuple(hostileKey, tie('value')), { maxLength: 6, selector: ([k]) => k }).map(objectOf),
  ),
})).value;

describe('canonicalJson equals the reference serialiser', () => {
  it('on arbitrary JSON with hostile keys and surrogate-adjacent strings', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('on deep values (up to the depth limit) and wide ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(hostileKey, { minLength: 1, maxLength: 3 }), (depth, keys) => {
        let v: unknown = 'leaf';
        for (let i = 0; i < depth - 1; i++) v = i % 2 === 0 ? [v, i] : objectOf(keys.map((k, j) => [k, j === 0 ? v : j]));
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.uniqueArray(hostileKey, { minLength: 200, maxLength: 400 }), (keys) => {
        const wide = objectOf(keys.map((k, i) => [k, keys.length - i]));
        const v = { wide, list: keys };
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 40 },
    );
  });

  it('on many records sharing one key list (hostile keys included), as one list and one by one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileKey, { minLength: 1, maxLength: 8 }), fc.array(fc.array(json, { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 6 }), (keys, rows) => {
        const records = rows.map((row) => objectOf(keys.map((k, i) => [k, row[i]])));
        expect(canonicalJson(records)).toBe(reference(records));
        for (const r of records) expect(canonicalJson(r)).toBe(reference(r));
      }),
      { numRuns: 300 },
    );
  });

  it('on many records sharing one wide key list (more keys than a compiled copier takes)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileKey, { minLength: 65, maxLength: 120 }), fc.integer({ min: 2, max: 5 }), (keys, n) => {
        const records = Array.from({ length: n }, (_, r) => objectOf(keys.map((k, i) => [k, r * 1000 + i])));
        expect(canonicalJson(records)).toBe(reference(records));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a lone surrogate wherever it is placed, where the reference would write an escape', () => {
    fc.assert(
      fc.property(json, edgeString, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.boolean(), (v, s, lone, asKey) => {
        const bad = `${s}${lone}`;
        const value = asKey ? { wrap: v, ...objectOf([[bad, 1]]) } : { wrap: v, bad };
        expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
      }),
      { numRuns: 300 },
    );
  });
});

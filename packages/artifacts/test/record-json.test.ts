import { canonicalJson } from '@abraxas/ers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeManifestRecord, recordJson, type ManifestRecord } from '../src/records.js';

// recordJson writes a manifest record field by field (the journal check and every write use it);
// its bytes must be canonicalJson's for every record, and it must refuse what canonicalJson refuses.

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }), // any code point, astral ones included
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', 'é', '/'), maxLength: 6 }),
);
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
}));

const outcome = (f: () => string): string => {
  try {
    return `ok ${f()}`;
  } catch {
    return 'refused';
  }
};

describe('recordJson', () => {
  it('property: gives canonicalJson bytes of every manifest record, or refuses what it refuses', () => {
    fc.assert(
      fc.property(
        fc.record({
          tick: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
          kind: text,
          schema: text,
          path: text,
          sha256: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), text),
          bytes: fc.nat(),
          extra: fc.option(fc.dictionary(text, json, { minKeys: 1, maxKeys: 4 }), { nil: undefined }),
        }),
        (o) => {
          const record: ManifestRecord = makeManifestRecord(o as Parameters<typeof makeManifestRecord>[0]);
          expect(outcome(() => recordJson(record))).toBe(outcome(() => canonicalJson(record)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a record of another shape goes through canonicalJson', () => {
    const odd = { tick: 1, kind: 'k', schema: 'S', path: 'p', sha256: 'x', bytes: 1, note: 'extra field' } as unknown as ManifestRecord;
    expect(recordJson(odd)).toBe(canonicalJson(odd));
    expect(outcome(() => recordJson({ ...odd, tick: -0.5 }))).toBe(outcome(() => canonicalJson({ ...odd, tick: -0.5 })));
  });
});

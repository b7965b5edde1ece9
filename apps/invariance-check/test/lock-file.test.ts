import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockFileError } from '../src/errors.js';
import { formatLock, parseLock } from '../src/lock/lock-file.js';
import { GOLDEN_CANONICAL_HASH, REPO_ROOT, goldenScheduler } from './support/cli.js';

const H1 = '1'.repeat(64);
const H2 = 'a'.repeat(64);

function lockError(raw: unknown): LockFileError {
  try {
    parseLock(raw, 'invariance.lock.json');
  } catch (e) {
    if (e instanceof LockFileError) return e;
    throw e;
  }
  throw new Error('expected a LockFileError');
}

describe('formatLock', () => {
  it('sorts keys by code point at every level, indents by two spaces and ends with a newline', () => {
    const text = formatLock({ schema: 'InvarianceLock.v1', pins: { zeta: H1, Alpha: H2, alpha: H1 } });
    expect(text).toBe(
      `{\n  "pins": {\n    "Alpha": "${H2}",\n    "alpha": "${H1}",\n    "zeta": "${H1}"\n  },\n  "schema": "InvarianceLock.v1"\n}\n`,
    );
  });

  it('does not depend on insertion order', () => {
    expect(formatLock({ schema: 'InvarianceLock.v1', pins: { b: H1, a: H2 } })).toBe(formatLock({ schema: 'InvarianceLock.v1', pins: { a: H2, b: H1 } }));
  });

  it('writes an empty lock', () => {
    expect(formatLock({ schema: 'InvarianceLock.v1', pins: {} })).toBe('{\n  "pins": {},\n  "schema": "InvarianceLock.v1"\n}\n');
  });

  it('round-trips through parseLock', () => {
    const lock = { schema: 'InvarianceLock.v1', pins: { a: H1, b: H2 } } as const;
    expect(parseLock(JSON.parse(formatLock(lock)), 'x')).toEqual(lock);
  });
});

describe('parseLock', () => {
  const cases: [string, unknown, string][] = [
    ['a non-object', 'x', 'invariance.lock.json: (top level) must be an object; got "x"'],
    ['a wrong schema', { schema: 'v0', pins: {} }, 'invariance.lock.json: schema must be "InvarianceLock.v1"; got "v0"'],
    ['an unknown field', { schema: 'InvarianceLock.v1', pins: {}, extra: 1 }, 'invariance.lock.json: extra is not a known field (known fields: schema, pins)'],
    ['pins not an object', { schema: 'InvarianceLock.v1', pins: [] }, 'invariance.lock.json: pins must be an object of scenario id to hash; got an array'],
    ['a bad id', { schema: 'InvarianceLock.v1', pins: { 'a/b': H1 } }, 'invariance.lock.json: pins["a/b"] is not a scenario id: an id must start with an ASCII letter and use only ASCII letters, digits, ".", "_", ":" or "-" (at most 100 characters)'],
    ['an upper-case hash', { schema: 'InvarianceLock.v1', pins: { a: 'A'.repeat(64) } }, `invariance.lock.json: pins.a must be a SHA-256 hash (64 lowercase hex digits); got "${'A'.repeat(57)}..."`],
    ['a short hash', { schema: 'InvarianceLock.v1', pins: { a: 'abc' } }, 'invariance.lock.json: pins.a must be a SHA-256 hash (64 lowercase hex digits); got "abc"'],
    [
      'a canonical pin that is not the spec hash',
      { schema: 'InvarianceLock.v1', pins: { canonical: H1 } },
      `invariance.lock.json: pins.canonical must be the spec's canonical hash ${GOLDEN_CANONICAL_HASH} (it cannot be re-pinned); got "${H1.slice(0, 57)}..."`,
    ],
  ];
  for (const [what, raw, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(lockError(raw).message).toBe(message);
    });
  }
});

describe("the repo's invariance.lock.json", () => {
  const text = readFileSync(join(REPO_ROOT, 'invariance.lock.json'), 'utf8');
  const lock = parseLock(JSON.parse(text), 'invariance.lock.json');

  it("pins the canonical scenario to the spec's hash (the golden seed vector's)", () => {
    expect(lock.pins.canonical).toBe('ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16');
    expect(lock.pins.canonical).toBe(GOLDEN_CANONICAL_HASH);
    expect(lock.pins['canonical-async']).toBe(GOLDEN_CANONICAL_HASH);
  });

  it('pins the scenarios taken from golden vectors to the reference hashes', () => {
    expect(lock.pins['budget-exhaustion']).toBe(goldenScheduler('budget-exhaustion').expect.trace_sha256);
    expect(lock.pins['entropy-budget']).toBe(goldenScheduler('entropy-budget').expect.trace_sha256);
    expect(lock.pins['errors-spend-budget']).toBe(goldenScheduler('errors-spend-budget').expect.trace_sha256);
    expect(lock.pins['unicode-names']).toBe(goldenScheduler('unicode-bmp').expect.trace_sha256);
  });

  it('is in canonical format (so --update on unchanged pins rewrites the same bytes)', () => {
    expect(formatLock(lock)).toBe(text);
  });
});

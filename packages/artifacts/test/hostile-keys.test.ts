import { canonicalJson } from '@abraxas/ers';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, readManifest, verifyRun, type ManifestRecord } from '../src/index.js';
import { tempDir } from './support/fs.js';

// Keys that name things on Object.prototype: an own key of that name must stay an own key.
const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** An object with own keys exactly as given (Object.fromEntries defines, it never assigns). */
const own = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

const key = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 }));
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 4, selector: (e) => e[0] }).map(own),
}));
const extraArb = fc.uniqueArray(fc.tuple(key, jsonValue), { minLength: 1, maxLength: 4, selector: (e) => e[0] }).map(own);

const ledger = (dir: string, runId: string, ext: string): string => join(dir, 'manifests', `${runId}.manifest.${ext}`);

describe('own keys named like Object.prototype members (__proto__ and others)', () => {
  it('keeps an own __proto__ key of extra exactly: in the record, on disk, after a recovery from the journal', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { fsync: false });
    const extra = JSON.parse('{"__proto__":{"a":1},"b":2}') as { [k: string]: number | { a: number } };
    await w.writeJson({ runId: 'R', tick: 0, kind: 'k', schema: 'S', obj: JSON.parse('{"__proto__":5}'), relPath: 'v/R/a.json', extra });
    const sha = createHash('sha256').update('{"__proto__":5}').digest('hex');
    expect(readFileSync(join(dir, 'v', 'R', 'a.json'), 'utf8')).toBe('{"__proto__":5}');
    expect(readFileSync(ledger(dir, 'R', 'log'), 'utf8')).toBe(
      `{"bytes":15,"extra":{"__proto__":{"a":1},"b":2},"kind":"k","path":"v/R/a.json","schema":"S","sha256":"${sha}","tick":0}\n`,
    );
    for (const ext of ['json', 'state', 'idx']) rmSync(ledger(dir, 'R', ext));
    const m = await readManifest(dir, 'R');
    const r = m.records[0] as ManifestRecord;
    expect(Object.keys(r.extra ?? {})).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(r.extra)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(r.extra, '__proto__')?.value).toEqual({ a: 1 });
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
    // The run can still be written after the recovery.
    await w.writeJson({ runId: 'R', tick: 1, kind: 'k', schema: 'S', obj: 1, relPath: 'v/R/b.json', extra });
    expect((await readManifest(dir, 'R')).records).toHaveLength(2);
  });

  it('property: every record the writer accepts is read back the same after a recovery from the journal alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(jsonValue, extraArb), { minLength: 1, maxLength: 4 }), async (writes) => {
        const dir = tempDir();
        const w = new ArtifactWriter(dir, { fsync: false });
        const accepted: ManifestRecord[] = [];
        for (const [i, [obj, extra]] of writes.entries()) {
          await w.writeJson({ runId: 'P', tick: i, kind: 'k', schema: 'S', obj, relPath: `v/P/${String(i)}.json`, extra: extra as never });
          accepted.push((await readManifest(dir, 'P')).records[i] as ManifestRecord);
          expect(canonicalJson(accepted[i]?.extra ?? null)).toBe(canonicalJson(extra as never));
          expect(readFileSync(join(dir, 'v', 'P', `${String(i)}.json`), 'utf8')).toBe(canonicalJson(obj as never));
        }
        for (const ext of ['json', 'state', 'idx']) rmSync(ledger(dir, 'P', ext));
        const recovered = await readManifest(dir, 'P');
        expect(recovered.records.map((r) => canonicalJson(r as never))).toEqual(accepted.map((r) => canonicalJson(r as never)));
        expect((await verifyRun(dir, 'P')).ok).toBe(true);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });
});

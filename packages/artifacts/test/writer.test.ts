import { canonicalJson } from '@abraxas/ers';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArtifactWriter,
  readManifest,
  tickFileName,
  verifyRun,
  type ManifestRecord,
} from '../src/index.js';
import { runIndexRelPath, trendpackRelPath } from './support/paths.js';
import { listTree, tempDir } from './support/fs.js';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const NO_FSYNC = { fsync: false } as const;

/** Compares as Python compares str: by code point (these tests only use ASCII). */
const byKey = (a: ManifestRecord, b: ManifestRecord): number =>
  a.tick - b.tick || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** What the runtime writes per tick: a TrendPack, then a RunIndex pointing at it. */
async function runtimeTick(w: ArtifactWriter, runId: string, tick: number): Promise<void> {
  const tp = await w.writeJson({
    runId,
    tick,
    kind: 'trendpack',
    schema: 'TrendPack.v0',
    obj: { version: '0.1', run_id: runId, tick, note: 'ünïcødé ✓' },
    relPath: trendpackRelPath(runId, tick),
    extra: { mode: 'test', ers: 'v0.2' },
  });
  await w.writeJson({
    runId,
    tick,
    kind: 'runindex',
    schema: 'RunIndex.v0',
    obj: {
      schema: 'RunIndex.v0',
      run_id: runId,
      tick,
      refs: { trendpack: tp.rel_path },
      hashes: { trendpack_sha256: tp.sha256 },
      tags: [],
      provenance: { engine: 'abraxas', mode: 'test' },
    },
    relPath: runIndexRelPath(runId, tick),
    extra: { mode: 'test' },
  });
}

describe('tickFileName', () => {
  it('zero-pads ticks to six digits like Python {tick:06d}, wider when needed', () => {
    expect(tickFileName(0)).toBe('000000');
    expect(tickFileName(42)).toBe('000042');
    expect(tickFileName(1234567)).toBe('1234567');
  });
});

describe('ArtifactWriter.writeJson', () => {
  it('writes canonical JSON bytes and returns the ArtifactRecord with a path that opens the file', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    const obj = { b: [1, 2, { y: null, x: true }], a: 'é', '\u{1F600}': 1, '\uFFFF': 2 };
    const rec = await w.writeJson({ runId: 'R', tick: 3, kind: 'trendpack', schema: 'TrendPack.v0', obj, relPath: 'viz/R/000003.trendpack.json' });
    // Keys by code point: U+FFFF sorts before U+1F600 (UTF-16 order would put the emoji first).
    const expectedText = '{"a":"é","b":[1,2,{"x":true,"y":null}],"\uFFFF":2,"\u{1F600}":1}';
    const bytes = readFileSync(rec.path);
    expect(bytes.toString('utf8')).toBe(expectedText);
    expect(rec).toEqual({
      schema: 'TrendPack.v0',
      path: join(dir, 'viz', 'R', '000003.trendpack.json'),
      rel_path: 'viz/R/000003.trendpack.json',
      sha256: sha256(Buffer.from(expectedText, 'utf8')),
      bytes: Buffer.byteLength(expectedText, 'utf8'),
      run_id: 'R',
      tick: 3,
      kind: 'trendpack',
    });
    expect(Object.keys(rec)).toEqual(['schema', 'path', 'rel_path', 'sha256', 'bytes', 'run_id', 'tick', 'kind']);
  });

  it('lists records in Manifest.v0 sorted by (tick, kind, schema, path) with relative paths and sorted extra keys', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await runtimeTick(w, 'RUN-A', 1);
    await runtimeTick(w, 'RUN-A', 0);
    await w.writeJson({ runId: 'RUN-A', tick: 0, kind: 'trendpack', schema: 'A.v0', obj: {}, relPath: 'other/RUN-A/x.json', extra: { z: 1, a: 2 } });
    const text = readFileSync(join(dir, 'manifests', 'RUN-A.manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as { schema: string; run_id: string; records: ManifestRecord[] };
    expect(manifest.schema).toBe('Manifest.v0');
    expect(manifest.run_id).toBe('RUN-A');
    expect(manifest.records.map((r) => `${String(r.tick)} ${r.kind} ${r.schema} ${r.path}`)).toEqual([
      '0 runindex RunIndex.v0 run_index/RUN-A/000000.runindex.json',
      '0 trendpack A.v0 other/RUN-A/x.json',
      '0 trendpack TrendPack.v0 viz/RUN-A/000000.trendpack.json',
      '1 runindex RunIndex.v0 run_index/RUN-A/000001.runindex.json',
      '1 trendpack TrendPack.v0 viz/RUN-A/000001.trendpack.json',
    ]);
    expect(text).toContain('"extra":{"a":2,"z":1}');
    expect(text).toBe(canonicalJson(manifest));
    expect(Object.keys(manifest.records[0] ?? {}).sort()).toEqual(['bytes', 'extra', 'kind', 'path', 'schema', 'sha256', 'tick']);
    for (const r of manifest.records) {
      expect(r.sha256).toBe(sha256(readFileSync(join(dir, ...r.path.split('/')))));
    }
    expect(await readManifest(dir, 'RUN-A')).toEqual(manifest);
  });

  it('omits extra from the manifest record when none (or an empty object) is given', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson({ runId: 'R', tick: 0, kind: 'k', schema: 's', obj: 1, relPath: 'a/R/one.json' });
    await w.writeJson({ runId: 'R', tick: 0, kind: 'k', schema: 's', obj: 2, relPath: 'a/R/two.json', extra: {} });
    const m = await readManifest(dir, 'R');
    expect(m.records.map((r) => 'extra' in r)).toEqual([false, false]);
  });

  it('writes byte-identical files, manifest and RunIndex in two different folders (relative paths)', async () => {
    const a = tempDir();
    const b = tempDir('another-place-');
    for (const dir of [a, b]) {
      const w = new ArtifactWriter(dir, NO_FSYNC);
      for (let t = 0; t < 5; t++) await runtimeTick(w, 'RUN-X', t);
    }
    const files = listTree(a).filter((f) => !f.startsWith('manifests/') || f.endsWith('.manifest.json'));
    expect(files).toContain('manifests/RUN-X.manifest.json');
    expect(files).toContain('run_index/RUN-X/000004.runindex.json');
    for (const f of files) {
      expect(readFileSync(join(b, ...f.split('/'))).equals(readFileSync(join(a, ...f.split('/')))), f).toBe(true);
    }
    const runIndex = readFileSync(join(a, 'run_index', 'RUN-X', '000000.runindex.json'), 'utf8');
    expect(runIndex).toContain('"refs":{"trendpack":"viz/RUN-X/000000.trendpack.json"}');
    expect(runIndex).not.toContain(a);
    expect(readFileSync(join(a, 'manifests', 'RUN-X.manifest.json'), 'utf8')).not.toContain(a);
  });

  it('keeps runs apart: each run has its own manifest', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await runtimeTick(w, 'one', 0);
    await runtimeTick(w, 'two', 0);
    expect((await readManifest(dir, 'one')).records.map((r) => r.path)).toEqual(['run_index/one/000000.runindex.json', 'viz/one/000000.trendpack.json']);
    expect((await readManifest(dir, 'two')).records).toHaveLength(2);
    expect((await verifyRun(dir, 'one')).ok).toBe(true);
  });

  it('recreates a run folder removed behind a long-lived writer\'s back', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson({ runId: 'R', tick: 0, kind: 'k', schema: 's', obj: 0, relPath: 'f/R/0.json' });
    rmSync(join(dir, 'f'), { recursive: true });
    await w.writeJson({ runId: 'R', tick: 1, kind: 'k', schema: 's', obj: 1, relPath: 'f/R/1.json' });
    expect(readFileSync(join(dir, 'f', 'R', '1.json'), 'utf8')).toBe('1');
    expect((await verifyRun(dir, 'R')).problems.map((p) => `${p.problem} ${p.path}`)).toEqual(['missing f/R/0.json']);
  });

  it('serialises concurrent calls within one process and loses nothing', async () => {
    const dir = tempDir();
    const w1 = new ArtifactWriter(dir, NO_FSYNC);
    const w2 = new ArtifactWriter(dir, NO_FSYNC);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? w1 : w2).writeJson({ runId: 'R', tick: 39 - i, kind: 'k', schema: 's', obj: { i }, relPath: `f/R/${String(i)}.json` }),
      ),
    );
    const m = await readManifest(dir, 'R');
    expect(m.records).toHaveLength(40);
    expect(m.records.map((r) => r.tick)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });

  it('patches the manifest in place for the runtime pattern, with a fresh writer per call too', async () => {
    const dir = tempDir();
    await runtimeTick(new ArtifactWriter(dir, NO_FSYNC), 'R', 0);
    const file = join(dir, 'manifests', 'R.manifest.json');
    const inode = statSync(file).ino;
    for (let t = 1; t < 60; t++) await runtimeTick(new ArtifactWriter(dir, NO_FSYNC), 'R', t);
    // Same inode: the file was never replaced by a rewrite (a rewrite renames a new file over it).
    expect(statSync(file).ino).toBe(inode);
    const m = await readManifest(dir, 'R');
    expect(m.records).toHaveLength(120);
    expect(readFileSync(file, 'utf8')).toBe(canonicalJson({ schema: 'Manifest.v0', run_id: 'R', records: [...m.records].sort(byKey) }));
  });

  it('keeps the manifest exact for any order of writes, one writer or a fresh one per call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ tick: fc.nat({ max: 6 }), kind: fc.constantFrom('a', 'b', 'runindex', 'trendpack'), name: fc.nat({ max: 30 }) }), {
          minLength: 1,
          maxLength: 45,
          selector: (r) => r.name,
        }),
        fc.boolean(),
        async (writes, fresh) => {
          const dir = tempDir();
          let w = new ArtifactWriter(dir, NO_FSYNC);
          const expected: ManifestRecord[] = [];
          for (const x of writes) {
            if (fresh) w = new ArtifactWriter(dir, NO_FSYNC);
            const relPath = `d/P/${String(x.name)}.json`;
            const r = await w.writeJson({ runId: 'P', tick: x.tick, kind: x.kind, schema: 'S.v0', obj: { n: x.name }, relPath, extra: { n: x.name } });
            expected.push({ tick: x.tick, kind: x.kind, schema: 'S.v0', path: relPath, sha256: r.sha256, bytes: r.bytes, extra: { n: x.name } });
            const text = readFileSync(join(dir, 'manifests', 'P.manifest.json'), 'utf8');
            expect(text).toBe(canonicalJson({ schema: 'Manifest.v0', run_id: 'P', records: [...expected].sort(byKey) }));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

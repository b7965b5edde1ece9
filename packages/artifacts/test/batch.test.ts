import { canonicalJsonBytes, sha256Hex } from '@abraxas/ers';
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArtifactConflictError,
  ArtifactValidationError,
  ArtifactWriter,
  readManifest,
  verifyRun,
  type WriteJsonOptions,
} from '../src/index.js';
import { runIndexRelPath, trendpackRelPath } from './support/paths.js';
import { listTree, tempDir } from './support/fs.js';

// writeJsonMany: several records of one run as one batch — the same records and manifest as the
// same writes one by one, every item checked before anything is written, one journal append.

const NO_FSYNC = { fsync: false } as const;

/** A runtime-like tick: a TrendPack and a RunIndex citing its SHA-256 (known before writing). */
function tick(runId: string, t: number): [WriteJsonOptions, WriteJsonOptions] {
  const trendpack = { version: '0.1', run_id: runId, tick: t, timeline: [{ task: `a-${String(t)}`, cost_ops: t }] };
  const tpRel = trendpackRelPath(runId, t);
  return [
    { runId, tick: t, kind: 'trendpack', schema: 'TrendPack.v0', obj: trendpack, relPath: tpRel, extra: { mode: 'test', ers: 'v0.2' } },
    {
      runId,
      tick: t,
      kind: 'runindex',
      schema: 'RunIndex.v0',
      obj: { schema: 'RunIndex.v0', run_id: runId, tick: t, refs: { trendpack: tpRel }, hashes: { trendpack_sha256: sha256Hex(canonicalJsonBytes(trendpack)) } },
      relPath: runIndexRelPath(runId, t),
      extra: { mode: 'test' },
    },
  ];
}

const read = (dir: string, rel: string): Buffer => readFileSync(join(dir, ...rel.split('/')));
const manifestFile = (dir: string, runId: string): string => join(dir, 'manifests', `${runId}.manifest.json`);
const journalFile = (dir: string, runId: string): string => join(dir, 'manifests', `${runId}.manifest.log`);

function snapshot(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((f) => [f, read(dir, f).toString('latin1')]));
}

describe('writeJsonMany', () => {
  it('gives the records, files, journal and manifest bytes of the same writes made one by one', async () => {
    const single = tempDir();
    const batched = tempDir();
    const one = new ArtifactWriter(single);
    const many = new ArtifactWriter(batched);
    for (let t = 0; t < 40; t++) {
      const items = tick('R', t);
      const expected = [await one.writeJson(items[0]), await one.writeJson(items[1])];
      const got = await many.writeJsonMany(items);
      expect(got.map((r) => ({ ...r, path: r.rel_path }))).toEqual(expected.map((r) => ({ ...r, path: r.rel_path })));
      expect(got.map((r) => r.path)).toEqual(items.map((o) => join(batched, ...o.relPath.split('/'))));
    }
    // The RunIndex cites the TrendPack's SHA-256 as sealed: computed beforehand from canonical bytes.
    const ri = JSON.parse(read(batched, runIndexRelPath('R', 7)).toString('utf8')) as { hashes: { trendpack_sha256: string } };
    expect(ri.hashes.trendpack_sha256).toBe(sha256Hex(read(batched, trendpackRelPath('R', 7))));
    expect(readFileSync(manifestFile(batched, 'R'))).toEqual(readFileSync(manifestFile(single, 'R')));
    expect(readFileSync(journalFile(batched, 'R'))).toEqual(readFileSync(journalFile(single, 'R')));
    expect(listTree(batched)).toEqual(listTree(single));
    for (const f of listTree(single).filter((p) => !p.startsWith('manifests/'))) expect(read(batched, f)).toEqual(read(single, f));
    expect(await verifyRun(batched, 'R')).toMatchObject({ ok: true, checked: 80, problems: [] });
    // A fresh writer (state read from disk) carries on after batches.
    await new ArtifactWriter(batched).writeJsonMany(tick('R', 40));
    expect((await readManifest(batched, 'R')).records).toHaveLength(82);
  });

  it('keeps the manifest right when a batch sorts before the remembered tail (full rewrite)', async () => {
    const single = tempDir();
    const batched = tempDir();
    const order = [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 3, 71];
    for (const t of order) {
      const items = tick('R', t);
      await new ArtifactWriter(single, NO_FSYNC).writeJson(items[0]);
      await new ArtifactWriter(single, NO_FSYNC).writeJson(items[1]);
      await new ArtifactWriter(batched, NO_FSYNC).writeJsonMany([items[1], items[0]]);
    }
    expect(readFileSync(manifestFile(batched, 'R'), 'utf8')).toBe(readFileSync(manifestFile(single, 'R'), 'utf8'));
    expect(await verifyRun(batched, 'R')).toMatchObject({ ok: true, checked: order.length * 2 });
  });

  it('validates every item before writing anything: a bad second item writes nothing at all', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    const [tp, ri] = tick('R', 0);
    const cases: [unknown, RegExp][] = [
      [[tp, { ...ri, tick: -1 }], /^ArtifactWriter\.writeJsonMany: items\[1\]\.tick must be a non-negative safe integer/],
      [[tp, { ...ri, obj: { x: Number.NaN } }], /^ArtifactWriter\.writeJsonMany: items\[1\]\.obj\.x /],
      [[tp, { ...ri, relPath: 'run_index/OTHER/000000.runindex.json' }], /^ArtifactWriter\.writeJsonMany: items\[1\]\.relPath /],
      [[tp, { ...ri, runId: 'S', relPath: runIndexRelPath('S', 0) }], /^ArtifactWriter\.writeJsonMany: items\[1\]\.runId must be the run of items\[0\] \("R"\): a batch writes one run; got "S"/],
      [[tp, { ...ri, relPath: tp.relPath }], /^ArtifactWriter\.writeJsonMany: items\[1\]\.relPath must differ from the relPath of every earlier item/],
      [[tp, null], /^ArtifactWriter\.writeJsonMany: items\[1\] /],
      // A hole in a sparse array is an item too (forEach and map skip holes: the rest was written).
      // eslint-disable-next-line no-sparse-arrays
      [[tp, , ri], /^ArtifactWriter\.writeJsonMany: items\[1\] /],
      [[], /^ArtifactWriter\.writeJsonMany: items must be a non-empty array/],
      ['nope', /^ArtifactWriter\.writeJsonMany: items must be a non-empty array/],
    ];
    for (const [items, message] of cases) {
      await expect(w.writeJsonMany(items as WriteJsonOptions[])).rejects.toThrow(ArtifactValidationError);
      await expect(w.writeJsonMany(items as WriteJsonOptions[])).rejects.toThrow(message);
    }
    expect(listTree(dir)).toEqual([]);
  });

  it('refuses the whole batch when any item conflicts: nothing written, nothing listed', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    await w.writeJsonMany(tick('R', 0));
    const before = snapshot(dir);
    const [tp1, ri1] = tick('R', 1);
    const [, ri0] = tick('R', 0);
    // A fresh tick-1 TrendPack, then tick 0's RunIndex with other bytes: the listed one conflicts.
    const conflicting = { ...ri0, obj: { changed: true } };
    await expect(w.writeJsonMany([tp1, conflicting])).rejects.toThrow(ArtifactConflictError);
    await expect(w.writeJsonMany([tp1, conflicting])).rejects.toThrow(/^ArtifactWriter\.writeJsonMany: relPath "run_index\/R\/000000\.runindex\.json" conflicts with what is stored; it is sealed with sha256/);
    // An unlisted file with other bytes in the way of the second item refuses the first one too.
    writeFileSync(join(dir, ...ri1.relPath.split('/').slice(0, -1), '000001.runindex.json'), '{"someone":"else"}');
    const inTheWay = snapshot(dir);
    await expect(new ArtifactWriter(dir).writeJsonMany([tp1, ri1])).rejects.toThrow(ArtifactConflictError);
    expect(snapshot(dir)).toEqual(inTheWay);
    unlinkSync(join(dir, ...ri1.relPath.split('/')));
    expect(snapshot(dir)).toEqual(before);
    // Sorted by (tick, kind, …): 'runindex' before 'trendpack'.
    expect((await readManifest(dir, 'R')).records.map((r) => r.path)).toEqual([runIndexRelPath('R', 0), trendpackRelPath('R', 0)]);
  });

  it('is idempotent when replayed, restores a sealed file that went missing, and adopts identical unlisted files', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    const first = await w.writeJsonMany(tick('R', 0));
    const before = snapshot(dir);
    expect(await w.writeJsonMany(tick('R', 0))).toEqual(first);
    expect(await new ArtifactWriter(dir).writeJsonMany(tick('R', 0))).toEqual(first);
    expect(snapshot(dir)).toEqual(before);

    unlinkSync(join(dir, ...trendpackRelPath('R', 0).split('/')));
    expect(await new ArtifactWriter(dir).writeJsonMany(tick('R', 0))).toEqual(first);
    expect(snapshot(dir)).toEqual(before);

    // Half sealed, half new: the sealed item adds nothing, the new one is listed once.
    const [tp1, ri1] = tick('R', 1);
    await w.writeJson(tp1);
    const both = await w.writeJsonMany([tp1, ri1]);
    expect(both.map((r) => r.rel_path)).toEqual([tp1.relPath, ri1.relPath]);
    // An identical file already there (its record lost) is adopted, next to a new item.
    const [tp2, ri2] = tick('R', 2);
    const lone = tempDir();
    await new ArtifactWriter(lone).writeJsonMany([tp2]);
    const tpBytes = read(lone, tp2.relPath);
    writeFileSync(join(dir, ...tp2.relPath.split('/')), tpBytes);
    await w.writeJsonMany([ri2, tp2]);
    const manifest = await readManifest(dir, 'R');
    expect(manifest.records).toHaveLength(6);
    expect(new Set(manifest.records.map((r) => r.path)).size).toBe(6);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 6, problems: [] });
  });

  it('recovery finishes the renames of a batch cut short after its commit, and drops a torn batch tail', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJsonMany(tick('R', 0));
    await w.writeJsonMany(tick('R', 1));
    // Killed after the batch's journal append, before both renames.
    for (const rel of [trendpackRelPath('R', 1), runIndexRelPath('R', 1)]) {
      const parts = rel.split('/');
      renameSync(join(dir, ...parts), join(dir, ...parts.slice(0, -1), `.${parts[parts.length - 1] as string}.pending`));
    }
    unlinkSync(join(dir, 'manifests', 'R.manifest.state'));
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 4, problems: [] });
    expect(existsSync(join(dir, ...trendpackRelPath('R', 1).split('/')))).toBe(true);

    // Killed mid-append of a batch: one complete line, the next one torn. The unresolved batch's
    // complete line may stay, but only with its file in place and hashing right.
    const items = tick('R', 2);
    const lone = tempDir();
    const records = await new ArtifactWriter(lone, NO_FSYNC).writeJsonMany(items);
    const lines = readFileSync(journalFile(lone, 'R'), 'utf8').split('\n');
    for (const [i, r] of records.entries()) {
      const parts = r.rel_path.split('/');
      writeFileSync(join(dir, ...parts.slice(0, -1), `.${parts[parts.length - 1] as string}.pending`), read(lone, r.rel_path));
      expect(lines[i]).toContain(r.rel_path);
    }
    const size = statSync(journalFile(dir, 'R')).size;
    appendFileSync(journalFile(dir, 'R'), `${lines[0] as string}\n${(lines[1] as string).slice(0, 30)}`);
    unlinkSync(join(dir, 'manifests', 'R.manifest.state'));
    const report = await verifyRun(dir, 'R');
    expect(report).toMatchObject({ ok: true, checked: 5, problems: [] });
    expect(statSync(journalFile(dir, 'R')).size).toBe(size + (lines[0] as string).length + 1);
    expect(sha256Hex(read(dir, trendpackRelPath('R', 2)))).toBe((records[0] as { sha256: string }).sha256);
    // Writing the tick again completes it: the listed item is idempotent, the torn one is written.
    expect(await w.writeJsonMany(items)).toEqual(records.map((r) => ({ ...r, path: join(dir, ...r.rel_path.split('/')) })));
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 6, problems: [] });
  });
});

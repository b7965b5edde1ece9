import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactConflictError, ArtifactWriter, readManifest, verifyRun, type WriteJsonOptions } from '../src/index.js';
import { listTree, tempDir } from './support/fs.js';

const base: WriteJsonOptions = {
  runId: 'R',
  tick: 4,
  kind: 'trendpack',
  schema: 'TrendPack.v0',
  obj: { v: 1 },
  relPath: 'viz/R/000004.trendpack.json',
  extra: { mode: 'test' },
};

function snapshot(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((f) => [f, readFileSync(join(dir, ...f.split('/')), 'latin1')]));
}

describe('writing the same path again', () => {
  it('is idempotent for identical bytes and metadata: same record, no duplicate, ledger unchanged', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    const first = await w.writeJson(base);
    const before = snapshot(dir);
    const again = await w.writeJson({ ...base, obj: { v: 1 } });
    const fresh = await new ArtifactWriter(dir).writeJson({ ...base, extra: { mode: 'test' } });
    expect(again).toEqual(first);
    expect(fresh).toEqual(first);
    expect(snapshot(dir)).toEqual(before);
    expect((await readManifest(dir, 'R')).records).toHaveLength(1);
  });

  it.each<[string, Partial<WriteJsonOptions>, string]>([
    ['different bytes', { obj: { v: 2 } }, 'it is sealed with sha256'],
    ['another tick', { tick: 5 }, 'it is listed with tick 4, this write says 5'],
    ['another kind', { kind: 'other' }, 'it is listed with kind "trendpack", this write says "other"'],
    ['another schema', { schema: 'TrendPack.v1' }, 'it is listed with schema "TrendPack.v0", this write says "TrendPack.v1"'],
    ['other extra provenance', { extra: { mode: 'live' } }, 'its extra provenance differs'],
  ])('fails with ArtifactConflictError for %s and changes nothing', async (_what, patch, detail) => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    await w.writeJson(base);
    await w.writeJson({ ...base, tick: 9, relPath: 'viz/R/000009.trendpack.json' });
    const before = snapshot(dir);
    const err = await w.writeJson({ ...base, ...patch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactConflictError);
    expect((err as Error).message).toContain('ArtifactWriter.writeJson: relPath "viz/R/000004.trendpack.json" conflicts with what is stored; ');
    expect((err as Error).message).toContain(detail);
    expect((err as Error).message).toMatch(/nothing was changed$/);
    expect(snapshot(dir)).toEqual(before);
    // A fresh writer (no memory of the run) sees the same conflict.
    await expect(new ArtifactWriter(dir).writeJson({ ...base, ...patch })).rejects.toBeInstanceOf(ArtifactConflictError);
    expect(snapshot(dir)).toEqual(before);
  });

  it('puts the sealed bytes back when an identical write finds the file deleted or altered', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    const rec = await w.writeJson(base);
    unlinkSync(rec.path);
    expect((await verifyRun(dir, 'R')).problems.map((p) => p.problem)).toEqual(['missing']);
    expect(await w.writeJson(base)).toEqual(rec);
    writeFileSync(rec.path, '{"v":7}');
    expect(await new ArtifactWriter(dir).writeJson(base)).toEqual(rec);
    expect(readFileSync(rec.path, 'utf8')).toBe('{"v":1}');
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 1 });
  });

  it('refuses to replace an unlisted file with other bytes, and adopts one with the same bytes', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    await w.writeJson({ ...base, tick: 1, relPath: 'viz/R/000001.trendpack.json' });
    writeFileSync(join(dir, 'viz', 'R', '000004.trendpack.json'), 'not ours');
    const before = snapshot(dir);
    const err = await w.writeJson(base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactConflictError);
    expect((err as Error).message).toContain('an unlisted file with different bytes is already there; move it away first');
    expect(snapshot(dir)).toEqual(before);
    writeFileSync(join(dir, 'viz', 'R', '000004.trendpack.json'), '{"v":1}');
    await w.writeJson(base);
    expect((await readManifest(dir, 'R')).records.map((r) => r.path)).toEqual(['viz/R/000001.trendpack.json', 'viz/R/000004.trendpack.json']);
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });
});

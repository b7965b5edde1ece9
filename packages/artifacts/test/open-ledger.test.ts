import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactConflictError, ArtifactError, ArtifactWriter, FileStore, readManifest, verifyRun, type WriteJsonOptions } from '../src/index.js';
import { spawnWriter } from './support/child.js';
import { listTree, tempDir } from './support/fs.js';

// A writer keeps a run's folders and ledger files open between batches (from its second batch
// on). What it holds is used again only when nothing changed under it: these tests change things
// between two batches of one long-lived writer, each in a way a writer that trusted its open
// files blindly would get wrong.

const NO_FSYNC = { fsync: false } as const;

const write = (tick: number, obj: unknown = { tick }): WriteJsonOptions => ({ runId: 'R', tick, kind: 'k', schema: 'S', obj, relPath: `v/R/${String(tick)}.json` });

/** A writer that has written ticks 0 and 1 (two batches: it now keeps the run open). */
async function longLived(dir: string): Promise<ArtifactWriter> {
  const w = new ArtifactWriter(dir, NO_FSYNC);
  await w.writeJson(write(0));
  await w.writeJson(write(1));
  return w;
}

const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('a long-lived writer', () => {
  it('sees the records another process wrote between two of its batches', async () => {
    const dir = tempDir();
    const w = await longLived(dir);
    // Enough records that the other writer grows the path index (a new file) under this one.
    const other = spawnWriter([dir, 'R', '0', '40', 'other']);
    const exited = await other.exited;
    expect(exited.stderr).toBe('');
    expect(exited.code).toBe(0);
    await w.writeJson(write(2));
    // The other writer's records are listed: a different one at one of their paths is a conflict.
    await expect(w.writeJson({ runId: 'R', tick: 2, kind: 'k', schema: 'S', obj: { not: 'theirs' }, relPath: 'x/R/other-2.json' })).rejects.toBeInstanceOf(ArtifactConflictError);
    for (const tick of [3, 4]) await w.writeJson(write(tick));
    // What this writer listed is in the files any other writer reads: writing it again adds nothing.
    for (const tick of [2, 3, 4]) await new ArtifactWriter(dir, NO_FSYNC).writeJson(write(tick));
    const manifest = await readManifest(dir, 'R');
    const ticks = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    expect(manifest.records.map((r) => r.path).sort()).toEqual([...ticks(5).map((t) => `v/R/${String(t)}.json`), ...ticks(40).map((t) => `x/R/other-${String(t)}.json`)].sort());
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 45 });
    await w.close();
  });

  it('writes into the folder a run folder was swapped for, never into the one it had open', async () => {
    const dir = tempDir();
    const w = await longLived(dir);
    const runDir = join(dir, 'v', 'R');
    renameSync(runDir, `${runDir}-old`);
    cpSync(`${runDir}-old`, runDir, { recursive: true });
    await w.writeJson(write(2));
    expect(existsSync(join(runDir, '2.json'))).toBe(true);
    expect(existsSync(join(`${runDir}-old`, '2.json'))).toBe(false);
    await w.close();
  });

  it('appends to the journal in the manifests folder it was swapped for', async () => {
    const dir = tempDir();
    const w = await longLived(dir);
    const manifests = join(dir, 'manifests');
    renameSync(manifests, `${manifests}-old`);
    cpSync(`${manifests}-old`, manifests, { recursive: true });
    await w.writeJson(write(2));
    expect(readFileSync(join(manifests, 'R.manifest.log'), 'utf8').split('\n')).toHaveLength(4);
    expect(readFileSync(join(`${manifests}-old`, 'R.manifest.log'), 'utf8').split('\n')).toHaveLength(3);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 3 });
    await w.close();
  });

  it('starts afresh in an artifacts folder created anew at its path', async () => {
    const dir = join(tempDir(), 'artifacts');
    const w = await longLived(dir);
    renameSync(dir, `${dir}-old`);
    await w.writeJson(write(2));
    expect((await readManifest(dir, 'R')).records.map((r) => r.path)).toEqual(['v/R/2.json']);
    expect((await readManifest(`${dir}-old`, 'R')).records).toHaveLength(2);
    await w.close();
  });

  it.each(['v/R', 'manifests'])('refuses a folder %s swapped for a link between two batches, writing nothing outside', async (rel) => {
    const dir = tempDir();
    const outside = tempDir('outside-');
    writeFileSync(join(outside, 'victim'), 'outside');
    const w = await longLived(dir);
    const at = join(dir, ...rel.split('/'));
    renameSync(at, `${at}-moved`);
    symlinkSync(outside, at);
    const err = await w.writeJson(write(2)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toContain('symbolic link');
    expect(listTree(outside)).toEqual(['victim']);
    await w.close();
  });

  it('rebuilds from a journal edited from outside, even one that kept its size', async () => {
    const dir = tempDir();
    const w = await longLived(dir);
    const journal = join(dir, 'manifests', 'R.manifest.log');
    const text = readFileSync(journal, 'utf8');
    // Change times tick with the kernel's coarse clock (a few ms): an edit in the same tick as the
    // writer's last write cannot be told apart by them, so this one comes later.
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(journal, text.replace('"tick":1', '"tick":7'));
    expect(readFileSync(journal).length).toBe(Buffer.byteLength(text));
    await w.writeJson(write(2));
    // The manifest file is derived from the journal as it now is, not patched from what the writer remembered.
    const manifest = JSON.parse(readFileSync(join(dir, 'manifests', 'R.manifest.json'), 'utf8')) as { records: { path: string; tick: number }[] };
    expect(manifest.records.map((r) => [r.path, r.tick])).toEqual([
      ['v/R/0.json', 0],
      ['v/R/2.json', 2],
      ['v/R/1.json', 7],
    ]);
    await w.close();
  });
});

describe('what a writer keeps open', () => {
  it('nothing after one batch; close() releases what it kept after several', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'art'));
    const before = openFds();
    const w = new ArtifactWriter(join(dir, 'art'), NO_FSYNC);
    await w.writeJson(write(0));
    expect(openFds()).toBe(before);
    await w.writeJson(write(1));
    await w.writeJson(write(2));
    expect(openFds()).toBeGreaterThan(before);
    await w.close();
    expect(openFds()).toBe(before);
    // Still usable after close().
    await w.writeJson(write(3));
    await w.writeJson(write(4));
    await w.close();
    expect(openFds()).toBe(before);
  });

  it('at most the last four runs it wrote, and nothing of a run whose batch failed', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    const run = (runId: string, tick: number): WriteJsonOptions => ({ runId, tick, kind: 'k', schema: 'S', obj: { tick }, relPath: `v/${runId}/${String(tick)}.json` });
    await w.writeJson(run('A', 0)); // the writer's first batch: nothing kept
    const base = openFds();
    await w.writeJson(run('A', 1));
    const perRun = openFds() - base;
    expect(perRun).toBeGreaterThan(0);
    for (const id of ['B', 'C', 'D', 'E', 'F', 'G', 'H']) for (const tick of [0, 1]) await w.writeJson(run(id, tick));
    expect(openFds() - base).toBe(4 * perRun);
    await expect(w.writeJson({ ...run('H', 1), obj: { other: true } })).rejects.toBeInstanceOf(ArtifactConflictError);
    expect(openFds() - base).toBe(3 * perRun);
    await w.close();
    expect(openFds()).toBe(base);
  });

  it('FileStore.close() releases what its writer kept open', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'art'));
    const before = openFds();
    const store = new FileStore(join(dir, 'art'), NO_FSYNC);
    for (const tick of [0, 1, 2]) await store.writeBatch([write(tick)]);
    expect(openFds()).toBeGreaterThan(before);
    await store.close();
    expect(openFds()).toBe(before);
  });
});

import { appendFileSync, mkdirSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, manifestRootHash, readManifest, runIndexRelPath, trendpackRelPath, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

async function seedRun(dir: string, runId = 'V', ticks = 3): Promise<ArtifactWriter> {
  const w = new ArtifactWriter(dir, { fsync: false });
  for (let tick = 0; tick < ticks; tick++) {
    const tp = await w.writeJson({ runId, tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick, body: 'abcdef' }, relPath: trendpackRelPath(runId, tick) });
    await w.writeJson({
      runId,
      tick,
      kind: 'runindex',
      schema: 'RunIndex.v0',
      obj: { schema: 'RunIndex.v0', run_id: runId, tick, refs: { trendpack: tp.rel_path }, hashes: { trendpack_sha256: tp.sha256 }, tags: [], provenance: { engine: 'abraxas', mode: 'test' } },
      relPath: runIndexRelPath(runId, tick),
    });
  }
  return w;
}

const at = (dir: string, rel: string): string => join(dir, ...rel.split('/'));

describe('verifyRun', () => {
  it('reports an intact run with its root hash, which equals manifestRootHash of the manifest', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const result = await verifyRun(dir, 'V');
    expect(result).toEqual({ ok: true, checked: 6, pruned: 0, root_hash: manifestRootHash(await readManifest(dir, 'V')), problems: [] });
    expect(result.root_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names a missing file', async () => {
    const dir = tempDir();
    await seedRun(dir);
    unlinkSync(at(dir, 'viz/V/000001.trendpack.json'));
    expect((await verifyRun(dir, 'V')).problems).toEqual([{ path: 'viz/V/000001.trendpack.json', problem: 'missing', detail: 'the listed file does not exist' }]);
  });

  it('names every listed file of a folder that is gone, or swapped for a link, each on its own', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const trendpacks = [0, 1, 2].map((t) => `viz/V/00000${String(t)}.trendpack.json`);
    renameSync(at(dir, 'viz/V'), at(dir, 'viz/moved'));
    const gone = await verifyRun(dir, 'V');
    expect(gone.problems).toEqual(trendpacks.map((path) => ({ path, problem: 'missing', detail: 'the listed file does not exist' })));
    expect(gone.checked).toBe(6);
    symlinkSync(at(dir, 'viz/moved'), at(dir, 'viz/V'));
    const linked = await verifyRun(dir, 'V');
    expect(linked.problems.map((p) => [p.path, p.problem])).toEqual(trendpacks.map((path) => [path, 'tampered']));
    for (const p of linked.problems) {
      expect(p.detail).toContain('symbolic link');
      expect(p.detail).toBe(linked.problems[0]?.detail);
    }
  });

  it('names a file whose size changed', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const rel = 'viz/V/000002.trendpack.json';
    const size = readFileSync(at(dir, rel)).length;
    appendFileSync(at(dir, rel), ' ');
    const result = await verifyRun(dir, 'V');
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ path: rel, problem: 'size', detail: `has ${String(size + 1)} bytes; the manifest says ${String(size)}` }]);
  });

  it('names a file changed in place at the same size as tampered', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const rel = 'run_index/V/000000.runindex.json';
    writeFileSync(at(dir, rel), readFileSync(at(dir, rel), 'utf8').replace('"mode":"test"', '"mode":"TEST"'));
    const [problem, ...rest] = (await verifyRun(dir, 'V')).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ path: rel, problem: 'tampered' });
    expect(problem?.detail).toMatch(/^has sha256 [0-9a-f]{64}; the manifest says [0-9a-f]{64}$/);
  });

  it('names unlisted files and folders in the run\'s folders, ignoring writers\' temporary files', async () => {
    const dir = tempDir();
    await seedRun(dir);
    writeFileSync(at(dir, 'viz/V/000009.trendpack.json'), '{}');
    mkdirSync(at(dir, 'run_index/V/nested'));
    writeFileSync(at(dir, 'viz/V/.000003.trendpack.json.pending'), '{"half":');
    writeFileSync(at(dir, 'elsewhere.json'), '{}'); // not a folder of the run
    expect((await verifyRun(dir, 'V')).problems).toEqual([
      { path: 'run_index/V/nested', problem: 'unlisted', detail: 'a folder the manifest does not account for' },
      { path: 'viz/V/000009.trendpack.json', problem: 'unlisted', detail: 'a file the manifest does not list' },
    ]);
  });

  it('names RunIndex references that do not point at listed artifacts with matching hashes', async () => {
    const dir = tempDir();
    const w = await seedRun(dir, 'V', 1);
    const tp = (await readManifest(dir, 'V')).records.find((r) => r.kind === 'trendpack');
    const sealed = (n: number, doc: object): Promise<unknown> =>
      w.writeJson({ runId: 'V', tick: n, kind: 'runindex', schema: 'RunIndex.v0', obj: doc, relPath: runIndexRelPath('V', n) });
    await sealed(1, { refs: { trendpack: 'viz/V/000001.trendpack.json' }, hashes: { trendpack_sha256: tp?.sha256 } });
    await sealed(2, { refs: { trendpack: tp?.path }, hashes: { trendpack_sha256: '0'.repeat(64) } });
    await sealed(3, { refs: { trendpack: tp?.path }, hashes: {} });
    await sealed(4, { refs: { trendpack: `/abs/${tp?.path ?? ''}` }, hashes: { trendpack_sha256: tp?.sha256 } });
    await sealed(5, { refs: { trendpack: tp?.path }, hashes: { trendpack_sha256: tp?.sha256, results_pack_sha256: tp?.sha256 } });
    await sealed(6, { hashes: {} });
    const problems = (await verifyRun(dir, 'V')).problems;
    expect(problems.map((p) => [p.path, p.problem, p.detail])).toEqual([
      ['run_index/V/000001.runindex.json', 'bad_ref', 'refs.trendpack points at viz/V/000001.trendpack.json, which the manifest does not list'],
      ['run_index/V/000002.runindex.json', 'bad_ref', `hashes.trendpack_sha256 is "${'0'.repeat(64)}"; the manifest lists viz/V/000000.trendpack.json with ${tp?.sha256 ?? ''}`],
      ['run_index/V/000003.runindex.json', 'bad_ref', 'hashes.trendpack_sha256 is missing for refs.trendpack'],
      ['run_index/V/000004.runindex.json', 'bad_ref', 'refs.trendpack is not a relative artifact path: "/abs/viz/V/000000.trendpack.json"'],
      ['run_index/V/000005.runindex.json', 'bad_ref', 'hashes.results_pack_sha256 has no matching refs.results_pack'],
      ['run_index/V/000006.runindex.json', 'bad_ref', 'is listed as a RunIndex but has no refs object'],
    ]);
  });

  it('names a manifest file that no longer matches the journal', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const file = at(dir, 'manifests/V.manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"tick":2', '"tick":7'));
    expect((await verifyRun(dir, 'V')).problems).toEqual([
      { path: 'manifests/V.manifest.json', problem: 'tampered', detail: "the manifest file does not match the run's journal (manifests/<run_id>.manifest.log)" },
    ]);
  });

  it('reports every problem at once, sorted by path', async () => {
    const dir = tempDir();
    await seedRun(dir);
    unlinkSync(at(dir, 'viz/V/000000.trendpack.json'));
    appendFileSync(at(dir, 'run_index/V/000002.runindex.json'), '\n');
    writeFileSync(at(dir, 'viz/V/stray.json'), '{}');
    const result = await verifyRun(dir, 'V');
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(6);
    expect(result.problems.map((p) => `${p.problem} ${p.path}`)).toEqual([
      'size run_index/V/000002.runindex.json',
      'missing viz/V/000000.trendpack.json',
      'unlisted viz/V/stray.json',
    ]);
  });

  it('reports a run with no manifest as missing, with the empty tree hash', async () => {
    const result = await verifyRun(tempDir(), 'NOPE');
    expect(result).toEqual({
      ok: false,
      checked: 0,
      pruned: 0,
      root_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      problems: [{ path: 'manifests/NOPE.manifest.json', problem: 'missing', detail: 'the run has no manifest in this folder' }],
    });
  });
});

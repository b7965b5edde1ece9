import { appendFileSync, mkdirSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactValidationError, ArtifactWriter, manifestRootHash, readManifest, verifyRun, type ReferenceRule } from '../src/index.js';
import { runIndexRelPath, trendpackRelPath } from './support/paths.js';
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

  it('checks the references a rule names: listed, relative, with the sealed hash; and reports the rule\'s own problems', async () => {
    const dir = tempDir();
    const w = await seedRun(dir, 'V', 1);
    const tp = (await readManifest(dir, 'V')).records.find((r) => r.kind === 'trendpack');
    const cite = (n: number, doc: object): Promise<unknown> => w.writeJson({ runId: 'V', tick: n, kind: 'citation', schema: 'Citation.v1', obj: doc, relPath: `cite/V/${String(n)}.json` });
    await cite(1, { to: 'viz/V/000001.trendpack.json', sha: tp?.sha256 });
    await cite(2, { to: tp?.path, sha: '0'.repeat(64) });
    await cite(3, { to: tp?.path });
    await cite(4, { to: `/abs/${tp?.path ?? ''}`, sha: tp?.sha256 });
    await cite(5, { to: tp?.path, sha: tp?.sha256, note: 'odd' });
    await cite(6, { to: tp?.path, sha: tp?.sha256 });
    const seen: string[] = [];
    const rule: ReferenceRule = {
      appliesTo: (r) => r.kind === 'citation',
      references: (doc, r) => {
        seen.push(r.path);
        const d = doc as { to?: unknown; sha?: unknown; note?: unknown };
        return {
          references: [{ field: 'to', path: d.to, sha256: { field: 'sha', value: d.sha } }],
          problems: d.note === undefined ? [] : [`note is ${JSON.stringify(d.note)}`],
        };
      },
    };
    const problems = (await verifyRun(dir, 'V', { references: rule })).problems;
    expect(problems.map((p) => [p.path, p.problem, p.detail])).toEqual([
      ['cite/V/1.json', 'bad_ref', 'to points at viz/V/000001.trendpack.json, which the manifest does not list'],
      ['cite/V/2.json', 'bad_ref', `sha is "${'0'.repeat(64)}"; the manifest lists viz/V/000000.trendpack.json with ${tp?.sha256 ?? ''}`],
      ['cite/V/3.json', 'bad_ref', 'sha is missing for to'],
      ['cite/V/4.json', 'bad_ref', 'to is not a relative artifact path: "/abs/viz/V/000000.trendpack.json"'],
      ['cite/V/5.json', 'bad_ref', 'note is "odd"'],
    ]);
    // Only the records the rule applies to are handed to it (the TrendPack and RunIndex are not).
    expect(seen.sort()).toEqual(['cite/V/1.json', 'cite/V/2.json', 'cite/V/3.json', 'cite/V/4.json', 'cite/V/5.json', 'cite/V/6.json']);
    // Without a rule the store names no references: it knows no record kind.
    expect((await verifyRun(dir, 'V')).ok).toBe(true);
  });

  it('refuses bad options before reading anything, naming the field and the rule', async () => {
    const dir = tempDir();
    await seedRun(dir, 'V', 1);
    await expect(verifyRun(dir, 'V', { references: { appliesTo: () => true } } as never)).rejects.toThrow(
      new ArtifactValidationError('verifyRun', 'options.references', 'must be a reference rule: an object with the functions appliesTo and references', { appliesTo: () => true }),
    );
    await expect(verifyRun(dir, 'V', { refrences: {} } as never)).rejects.toThrow(/^verifyRun: options\.refrences is not a known option/);
    await expect(verifyRun(dir, 'V', 7 as never)).rejects.toThrow(/^verifyRun: options must be a plain object/);
  });

  it('refuses a rule that answers out of its shape, naming verifyRun, options.references and what the rule returned', async () => {
    const dir = tempDir();
    await seedRun(dir, 'V', 1);
    const ri = runIndexRelPath('V', 0);
    const returning = (named: unknown): ReferenceRule => ({ appliesTo: (r) => r.kind === 'runindex', references: () => named as never });
    const shape = `verifyRun: options.references references must return { references: [...], problems: [...] }; for ${JSON.stringify(ri)} it returned`;
    for (const named of [null, {}, { references: null, problems: [] }, { references: [], problems: null }]) {
      await expect(verifyRun(dir, 'V', { references: returning(named) })).rejects.toThrow(new ArtifactValidationError('verifyRun', 'options.references', shape.slice('verifyRun: options.references '.length), named));
    }
    const oneRef = /^verifyRun: options\.references references must name each reference as \{ field, path, sha256\?: \{ field, value \} \} with non-empty string fields; for "run_index\/V\/000000\.runindex\.json" it returned at references\[0\]/;
    for (const ref of [null, { path: 'viz/V/000000.trendpack.json' }, { field: '', path: 'x' }, { field: 'to' }, { field: 'to', path: 'x', sha256: null }, { field: 'to', path: 'x', sha256: { value: 'x' } }]) {
      await expect(verifyRun(dir, 'V', { references: returning({ references: [ref], problems: [] }) })).rejects.toThrow(oneRef);
    }
    await expect(verifyRun(dir, 'V', { references: returning({ references: [], problems: [1] }) })).rejects.toThrow(
      /^verifyRun: options\.references references must list each problem as a non-empty string; for "run_index\/V\/000000\.runindex\.json" it returned at problems\[0\]; got 1$/,
    );
    // appliesTo must answer true or false: a truthy non-boolean is not silently read as no.
    await expect(verifyRun(dir, 'V', { references: { appliesTo: () => 1 as never, references: () => ({ references: [], problems: [] }) } })).rejects.toThrow(
      /^verifyRun: options\.references appliesTo must return true or false; for "[^"]+" it returned; got 1$/,
    );
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

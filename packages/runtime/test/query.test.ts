import { ArtifactNotFoundError, ArtifactWriter, verifyRun } from '@abraxas/artifacts';
import { Budget, sha256Hex } from '@abraxas/ers';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRun, queryRun, RunIndexCorruptError } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

// 12 ticks. Errors: signal fails at ticks 2 and 7. Skips: shadow task "anagram" costs 19 at ticks
// 4 and 7, so "sei" (2 ops, runs after it by name) no longer fits the shadow budget of 20.
const ERROR_TICKS = [2, 7];
const SKIP_TICKS = [4, 7];
const work = pipeline({ failSignalOn: ERROR_TICKS });

async function makeRun(dir: string): Promise<void> {
  const run = openRun({ runId: 'RUN-Q', mode: 'test', artifactsDir: dir, fsync: false, budgetShadow: new Budget({ ops: 20 }) });
  for (let t = 0; t < 12; t++) {
    await run.tick({ ...work(t), shadowCostOps: SKIP_TICKS.includes(t) ? { anagram: 19 } : 2 });
  }
  await run.close();
}

describe('queryRun', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('query');
    await makeRun(dir);
  });

  it('lists every tick with refs, openable paths, hashes, stats and mode', async () => {
    const q = await queryRun(dir, 'RUN-Q');
    expect(q.run_id).toBe('RUN-Q');
    expect(q.ticks.map((t) => t.tick)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(q.incomplete).toEqual([]);
    expect(q.root_hash).toBe((await verifyRun(dir, 'RUN-Q')).root_hash);
    const t2 = q.ticks[2];
    expect(t2).toBeDefined();
    if (t2 === undefined) return;
    expect(t2.refs).toEqual({ trendpack: 'viz/RUN-Q/000002.trendpack.json', runindex: 'run_index/RUN-Q/000002.runindex.json' });
    expect(t2.paths.trendpack).toBe(join(dir, 'viz', 'RUN-Q', '000002.trendpack.json'));
    expect(t2.mode).toBe('test');
    const tp = JSON.parse(await readFile(t2.paths.trendpack, 'utf8')) as { stats: unknown };
    expect(t2.stats).toEqual(tp.stats);
    expect(t2.stats).toMatchObject({ errors: 1, skipped: 0 });
    expect(sha256Hex(await readFile(t2.paths.trendpack))).toBe(t2.hashes.trendpack_sha256);
    expect(sha256Hex(await readFile(t2.paths.runindex))).toBe(t2.hashes.runindex_sha256);
  });

  it('filters by tick range (inclusive) and by errors, skips or either', async () => {
    expect((await queryRun(dir, 'RUN-Q', { fromTick: 3, toTick: 5 })).ticks.map((t) => t.tick)).toEqual([3, 4, 5]);
    expect((await queryRun(dir, 'RUN-Q', { fromTick: 10 })).ticks.map((t) => t.tick)).toEqual([10, 11]);
    expect((await queryRun(dir, 'RUN-Q', { toTick: 1 })).ticks.map((t) => t.tick)).toEqual([0, 1]);
    expect((await queryRun(dir, 'RUN-Q', { fromTick: 50 })).ticks).toEqual([]);
    expect((await queryRun(dir, 'RUN-Q', { only: 'errors' })).ticks.map((t) => t.tick)).toEqual(ERROR_TICKS);
    expect((await queryRun(dir, 'RUN-Q', { only: 'skips' })).ticks.map((t) => t.tick)).toEqual(SKIP_TICKS);
    expect((await queryRun(dir, 'RUN-Q', { only: 'errors_or_skips' })).ticks.map((t) => t.tick)).toEqual([2, 4, 7]);
    expect((await queryRun(dir, 'RUN-Q', { only: 'errors', fromTick: 3 })).ticks.map((t) => t.tick)).toEqual([7]);
  });

  it('answers from the index alone: no TrendPack is opened', async () => {
    const copy = await tempDir('query-index-only');
    await makeRun(copy);
    const before = await queryRun(copy, 'RUN-Q', { only: 'errors_or_skips' });
    // Remove every TrendPack: the index still answers, with the same stats and hashes.
    await rm(join(copy, 'viz'), { recursive: true });
    const after = await queryRun(copy, 'RUN-Q', { only: 'errors_or_skips' });
    expect(after).toEqual(before);
  });

  it('reads only the RunIndex files of the range', async () => {
    const copy = await tempDir('query-range');
    await makeRun(copy);
    // A damaged RunIndex outside the range is not read; inside the range it is caught.
    await writeFile(join(copy, 'run_index', 'RUN-Q', '000009.runindex.json'), '{}');
    expect((await queryRun(copy, 'RUN-Q', { toTick: 8 })).ticks.length).toBe(9);
    await expect(queryRun(copy, 'RUN-Q', { fromTick: 9 })).rejects.toBeInstanceOf(RunIndexCorruptError);
    await expect(queryRun(copy, 'RUN-Q')).rejects.toThrow(/^queryRun: run_index\/RUN-Q\/000009.runindex.json does not match its sealed sha256/);
  });

  it('reports a tick whose RunIndex was never written as incomplete', async () => {
    const copy = await tempDir('query-incomplete');
    await makeRun(copy);
    const w = new ArtifactWriter(copy, { fsync: false });
    // A TrendPack sealed for tick 12 without its RunIndex (a tick interrupted between its two writes).
    await w.writeJson({ runId: 'RUN-Q', tick: 12, kind: 'trendpack', schema: 'TrendPack.v0', obj: { stats: {} }, relPath: 'viz/RUN-Q/000012.trendpack.json' });
    const q = await queryRun(copy, 'RUN-Q', { fromTick: 11 });
    expect(q.ticks.map((t) => t.tick)).toEqual([11]);
    expect(q.incomplete).toEqual([12]);
  });

  it('falls back to the TrendPack for a RunIndex without stats (the reference\'s shape)', async () => {
    const copy = await tempDir('query-fallback');
    const w = new ArtifactWriter(copy, { fsync: false });
    const pack = { stats: { total_events: 3, forecast_events: 3, shadow_events: 0, errors: 1, skipped: 0, ok_events: 2 } };
    const tp = await w.writeJson({ runId: 'R', tick: 0, kind: 'trendpack', schema: 'TrendPack.v0', obj: pack, relPath: 'viz/R/000000.trendpack.json' });
    const ri = {
      schema: 'RunIndex.v0',
      run_id: 'R',
      tick: 0,
      refs: { trendpack: tp.rel_path },
      hashes: { trendpack_sha256: tp.sha256 },
      tags: [],
      provenance: { engine: 'abraxas', mode: 'ref' },
    };
    await w.writeJson({ runId: 'R', tick: 0, kind: 'runindex', schema: 'RunIndex.v0', obj: ri, relPath: 'run_index/R/000000.runindex.json' });
    const q = await queryRun(copy, 'R', { only: 'errors' });
    expect(q.ticks.map((t) => [t.tick, t.mode, t.stats])).toEqual([[0, 'ref', pack.stats]]);
    expect(q.ticks[0]?.hashes.trendpack_sha256).toBe(tp.sha256);
  });

  it('throws ArtifactNotFoundError for a run that does not exist', async () => {
    await expect(queryRun(dir, 'NO-SUCH-RUN')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });
});

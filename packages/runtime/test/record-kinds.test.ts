/**
 * `RECORD_KINDS`: the path rules of the spec's tree (`{tick:06d}`, one folder per kind and run),
 * and the kinds and schemas a run's manifest lists.
 */
import { readManifest } from '@abraxas/artifacts';
import { describe, expect, it } from 'vitest';
import { openRun, RECORD_KINDS } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

describe('RECORD_KINDS', () => {
  it('names each kind\'s path as the spec\'s tree does', () => {
    expect(RECORD_KINDS.trendpack.path('RUN-1', 7)).toBe('viz/RUN-1/000007.trendpack.json');
    expect(RECORD_KINDS.runindex.path('RUN-1', 7)).toBe('run_index/RUN-1/000007.runindex.json');
    expect(RECORD_KINDS.results.path('RUN-1', 1234567)).toBe('results/RUN-1/1234567.results.json');
    expect(RECORD_KINDS.promotion.path('RUN-1', 0)).toBe('promotion/RUN-1/000000.promotion.json');
    expect(RECORD_KINDS.header.path('RUN-1')).toBe('header/RUN-1/run.header.json');
    expect(RECORD_KINDS.stability.path('RUN-1', 3, 'runtime_gate')).toBe('stability/RUN-1/000003.runtime_gate.stability.json');
  });

  it('is frozen, entries too', () => {
    expect(Object.isFrozen(RECORD_KINDS)).toBe(true);
    for (const entry of Object.values(RECORD_KINDS)) expect(Object.isFrozen(entry)).toBe(true);
  });

  it('matches the kind, schema and path of every record a run with every optional record lists', async () => {
    const dir = await tempDir('kinds');
    const run = openRun<TestContext>({ runId: 'RUN-K', mode: 'test', artifactsDir: dir, fsync: false, sealResults: true, runHeader: true, invarianceRuns: 2, metrics: { steady: steady() } });
    const work = pipeline();
    for (let t = 0; t < 2; t++) await run.tick(work(t));
    await run.close();
    const byKind = new Map<string, (typeof RECORD_KINDS)[keyof typeof RECORD_KINDS]>(Object.values(RECORD_KINDS).map((k) => [k.kind, k]));
    const records = (await readManifest(dir, 'RUN-K')).records;
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['trendpack', 'runindex', 'results', 'header', 'promotion']));
    for (const r of records) {
      const k = byKind.get(r.kind);
      expect(r.schema).toBe(k?.schema);
      const perTick = k?.path as ((runId: string, tick: number) => string) | undefined;
      expect(r.path).toBe(r.kind === 'header' ? RECORD_KINDS.header.path('RUN-K') : perTick?.('RUN-K', r.tick));
    }
  });
});

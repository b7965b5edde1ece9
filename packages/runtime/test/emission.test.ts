import { readManifest } from '@abraxas/artifacts';
import { canonicalJson } from '@abraxas/ers';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { abraxasTick } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const work = pipeline({ failShadowOn: [7] });

describe('what a tick writes', () => {
  it('a TrendPack with the v0.2 provenance and a RunIndex.v0 pointing at it', async () => {
    const dir = await tempDir();
    const r = await abraxasTick({ runId: 'RUN-E', mode: 'backtest', artifactsDir: dir, ...work(7) });
    const tpText = await readFile(r.artifacts.trendpack, 'utf8');
    const tp = JSON.parse(tpText) as { provenance: unknown; stats: unknown; run_id: string; tick: number };
    expect(tp.provenance).toEqual({ engine: 'abraxas', mode: 'backtest', ers: 'v0.2' });
    expect(tp.run_id).toBe('RUN-E');
    expect(tp.tick).toBe(7);
    // 3 forecast steps ok, shadow:anagram fails at tick 7, shadow:sei ok.
    expect(tp.stats).toEqual({ total_events: 5, forecast_events: 3, shadow_events: 2, errors: 1, skipped: 0, ok_events: 4 });

    const riText = await readFile(r.artifacts.runindex, 'utf8');
    const ri: unknown = JSON.parse(riText);
    expect(ri).toEqual({
      schema: 'RunIndex.v0',
      run_id: 'RUN-E',
      tick: 7,
      refs: { trendpack: 'viz/RUN-E/000007.trendpack.json' },
      hashes: { trendpack_sha256: r.artifacts.trendpack_sha256 },
      tags: [],
      provenance: { engine: 'abraxas', mode: 'backtest' },
      stats: tp.stats,
    });
    // Both files are canonical JSON.
    expect(riText).toBe(canonicalJson(ri));
    expect(tpText).toBe(canonicalJson(tp));
  });

  it('manifest records with the spec kinds, schemas and extra provenance', async () => {
    const dir = await tempDir();
    const r = await abraxasTick({ runId: 'RUN-E', mode: 'live', artifactsDir: dir, ...work(12) });
    const m = await readManifest(dir, 'RUN-E');
    expect(m.schema).toBe('Manifest.v0');
    expect(m.records.map(({ tick, kind, schema, path, sha256, extra }) => ({ tick, kind, schema, path, sha256, extra }))).toEqual([
      {
        tick: 12,
        kind: 'runindex',
        schema: 'RunIndex.v0',
        path: 'run_index/RUN-E/000012.runindex.json',
        sha256: r.artifacts.runindex_sha256,
        extra: { mode: 'live' },
      },
      {
        tick: 12,
        kind: 'trendpack',
        schema: 'TrendPack.v0',
        path: 'viz/RUN-E/000012.trendpack.json',
        sha256: r.artifacts.trendpack_sha256,
        extra: { mode: 'live', ers: 'v0.2' },
      },
    ]);
  });

  it('pads ticks to six digits and keeps larger ticks whole', async () => {
    const dir = await tempDir();
    const r = await abraxasTick({ runId: 'RUN-E', mode: 'live', artifactsDir: dir, ...work(1234567) });
    expect(r.artifacts.trendpack.endsWith('1234567.trendpack.json')).toBe(true);
    const r2 = await abraxasTick({ runId: 'RUN-E', mode: 'live', artifactsDir: dir, ...work(42) });
    expect(r2.artifacts.runindex.endsWith('000042.runindex.json')).toBe(true);
  });
});

/**
 * One argument style across the runtime API: `queryRun` and `replayPromotions` take one options
 * object like `abraxasTick`, `openRun`, `readTrendPack` and `iterateTicks`; the earlier positional
 * forms still work and answer the same. A misspelt option is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { openRun, queryRun, replayPromotions, RuntimeValidationError, type QueryRunOptions, type RunLocation } from '../src/index.js';
import { tempDir } from './support/fs.js';

const ok = () => ({ ok: true });
const boom = () => {
  throw new Error('no data');
};

async function run(): Promise<string> {
  const dir = await tempDir('options');
  const r = openRun({ runId: 'RUN-O', mode: 'test', artifactsDir: dir, fsync: false, metrics: { one: { fn: () => 1 } }, invarianceRuns: 2 });
  for (const tick of [0, 1, 2, 3]) await r.tick({ tick, context: {}, runSignal: tick === 2 ? boom : ok, runCompress: ok, runOverlay: ok });
  await r.close();
  return dir;
}

describe('queryRun({ artifactsDir, runId, ...filter })', () => {
  it('answers as the positional form does', async () => {
    const dir = await run();
    const q = await queryRun({ artifactsDir: dir, runId: 'RUN-O', only: 'errors', fromTick: 1 });
    expect(q.ticks.map((t) => t.tick)).toEqual([2]);
    expect(q).toEqual(await queryRun(dir, 'RUN-O', { only: 'errors', fromTick: 1 }));
  });

  it('names the field as the caller wrote it, and refuses an unknown one', async () => {
    await expect(queryRun({ artifactsDir: '/x', runId: 'RUN-O', fromTick: 3, toTick: 1 })).rejects.toThrow(
      new RuntimeValidationError('queryRun', 'toTick', 'must be at least fromTick (3)', 1),
    );
    const typo = { artifactsDir: '/x', runId: 'RUN-O', onli: 'errors' } as unknown as RunLocation & QueryRunOptions;
    await expect(queryRun(typo)).rejects.toThrow(/^queryRun: onli is not a known option; did you mean only\?/);
  });
});

describe('replayPromotions({ artifactsDir, runId })', () => {
  it('answers as the positional form does', async () => {
    const dir = await run();
    const r = await replayPromotions({ artifactsDir: dir, runId: 'RUN-O' });
    expect(r.records.map((x) => x.tick)).toEqual([0, 1, 2, 3]);
    expect(r).toEqual(await replayPromotions(dir, 'RUN-O'));
  });

  it('refuses an unknown option', async () => {
    const typo = { artifactsDir: '/x', runId: 'RUN-O', run: 1 } as unknown as RunLocation;
    await expect(replayPromotions(typo)).rejects.toThrow(new RuntimeValidationError('replayPromotions', 'run', 'is not a known option; known options are artifactsDir, store, runId'));
  });
});

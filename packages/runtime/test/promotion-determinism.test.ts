import { dozenRunInvarianceGateAsync, type TraceEvent } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun, replayPromotions, type MetricSpec } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, failOn, steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const work = pipeline({ failShadowOn: [3] });
const TICKS = 10;

/** A whole promotion run into `dir`, with fresh metric functions (as a fresh process has). */
async function promotionRun(dir: string): Promise<void> {
  const metrics: Record<string, MetricSpec<TestContext>> = {
    steady: steady(),
    drifting: driftOn([2, 5, 8]),
    failing: failOn([4, 6, 7]),
    canary: steady({ initialStage: 'canary', costOps: 5 }),
  };
  const run = openRun<TestContext>({
    runId: 'RUN-D',
    mode: 'test',
    artifactsDir: dir,
    fsync: false,
    metrics,
    invarianceRuns: 4,
    promotionPolicy: { shadow: { promote_after: 3, demote_after: 2 }, canary: { promote_after: 2, demote_after: 2 } },
  });
  for (let t = 0; t < TICKS; t++) await run.tick(work(t));
  await run.close();
}

describe('a promotion run is reproducible', () => {
  it('two folders hold byte-identical trees: every file, decision records and ledger included', async () => {
    const a = await tempDir('det-a');
    const b = join(await tempDir('det-b'), 'x', 'y');
    await promotionRun(a);
    await promotionRun(b);
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
    expect([...ta.keys()].filter((p) => p.startsWith('promotion/'))).toHaveLength(TICKS);
    expect((await replayPromotions(a, 'RUN-D')).root_hash).toBe((await replayPromotions(b, 'RUN-D')).root_hash);
  });

  it('the invariance gate over twelve whole runs: every file of every run hashes the same', async () => {
    // Each run's "trace" is its file tree, one event per file with the file's SHA-256, so the
    // gate's divergence would name the first file that differs.
    const { sha256Hex } = await import('@abraxas/ers');
    const gate = await dozenRunInvarianceGateAsync({
      makeTrace: async (): Promise<TraceEvent[]> => {
        const dir = await tempDir('det-gate');
        await promotionRun(dir);
        return [...(filesOf(dir))].map(([path, bytes]) => ({
          tick: 0,
          task: path,
          lane: 'shadow',
          status: 'ok',
          cost_ops: bytes.length,
          cost_entropy: 0,
          meta: { sha256: sha256Hex(bytes) },
        }));
      },
    });
    expect(gate.divergence).toBeNull();
    expect(gate.ok).toBe(true);
    expect(gate.hashes).toHaveLength(12);
  });
});

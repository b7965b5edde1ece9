import { filesOf } from '@abraxas/store-contract';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DeepReadonly } from '@abraxas/ers';
import { openRun, replayPromotions } from '../src/index.js';
import { tempDir } from './support/fs.js';

const run = promisify(execFile);
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// The metric functions of the child (source text) and, below, the same functions in the test.
const METRICS = `{
  mean: { fn: (ctx) => ctx.xs.reduce((a, b) => a + b, 0) },
  flaky: { fn: (ctx) => { if (ctx.t === 2) throw new Error('no data'); return ctx.t; }, costOps: 4 },
}`;
const POLICY = { shadow: { promote_after: 2 }, canary: { promote_after: 2 } };

// One tick per process, as a cron job would run it: the promotion state comes from the ledger.
const CHILD = `
import { abraxasTick } from ${JSON.stringify(dist)};
const [dir, tick] = process.argv.slice(1);
const t = Number(tick);
const r = await abraxasTick({
  tick: t, runId: 'RUN-C', mode: 'cron', context: { t, xs: [t, 1, 2] }, artifactsDir: dir,
  runSignal: () => 1, runCompress: () => 2, runOverlay: () => 3,
  metrics: ${METRICS}, promotionPolicy: ${JSON.stringify(POLICY)}, invarianceRuns: 3,
});
process.stdout.write(JSON.stringify(r.promotion.record.metrics.map((m) => [m.metric, m.decision, m.state.stage])));
`;

describe('abraxasTick with metrics, one process per tick', () => {
  it('resumes every tick from the ledger and writes the same run as one handle in one process', async () => {
    expect(existsSync(dist), 'build the package first (pnpm build)').toBe(true);
    const a = await tempDir('cron');
    const stages: unknown[] = [];
    for (let t = 0; t < 7; t++) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD, a, String(t)]);
      stages.push(JSON.parse(stdout));
    }
    // mean qualifies every tick: shadow at 0, canary at 2 (ticks 1-2), promoted at 4 (ticks 3-4).
    expect(stages.map((s) => (s as string[][])[1])).toEqual([
      ['mean', 'promote', 'shadow'],
      ['mean', 'hold', 'shadow'],
      ['mean', 'promote', 'canary'],
      ['mean', 'hold', 'canary'],
      ['mean', 'promote', 'promoted'],
      ['mean', 'hold', 'promoted'],
      ['mean', 'hold', 'promoted'],
    ]);

    const b = await tempDir('one-process');
    interface Ctx {
      t: number;
      xs: number[];
    }
    const metrics = {
      mean: { fn: (ctx: DeepReadonly<Ctx>) => ctx.xs.reduce((a, b) => a + b, 0) },
      flaky: {
        fn: (ctx: DeepReadonly<Ctx>) => {
          if (ctx.t === 2) throw new Error('no data');
          return ctx.t;
        },
        costOps: 4,
      },
    };
    const handle = openRun<Ctx>({ runId: 'RUN-C', mode: 'cron', artifactsDir: b, metrics, promotionPolicy: POLICY, invarianceRuns: 3 });
    for (let t = 0; t < 7; t++) {
      await handle.tick({ tick: t, context: { t, xs: [t, 1, 2] }, runSignal: () => 1, runCompress: () => 2, runOverlay: () => 3 });
    }
    await handle.close();
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
    expect((await replayPromotions(a, 'RUN-C')).records).toHaveLength(7);
  });
});

/**
 * Types that guide: the context type flows from `context` into the forecast steps (which may write
 * it), the shadow tasks and the metrics (which see it deeply read-only); `results` is keyed by the
 * tick's task names; `promotion` is present in a run with metrics. The `@ts-expect-error` lines are
 * the negative cases: the package's typecheck fails if any of them stops being an error.
 */
import type { DeepReadonly, TaskResult } from '@abraxas/ers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { abraxasTick, openRun, type TickPromotion } from '../src/index.js';
import { tempDir } from './support/fs.js';

interface Ctx {
  signal?: number;
  readonly xs: number[];
  cfg: { scale: number };
}
const context = (): Ctx => ({ xs: [1, 2, 3], cfg: { scale: 2 } });
const ok = () => ({ ok: true });

describe('abraxasTick types', () => {
  it('passes the context to the steps, read-only to shadow tasks, and keys results by task name', async () => {
    const dir = await tempDir('types');
    const ctx = context();
    const r = await abraxasTick({
      tick: 0, runId: 'RUN-T', mode: 'test', artifactsDir: dir, fsync: false, context: ctx,
      runSignal: (c) => {
        expectTypeOf(c).toEqualTypeOf<Ctx>();
        c.signal = c.xs.length * c.cfg.scale;
        return c.signal;
      },
      runCompress: ok,
      runOverlay: ok,
      runShadowTasks: {
        sei: (c) => {
          expectTypeOf(c).toEqualTypeOf<DeepReadonly<Ctx>>();
          // @ts-expect-error a shadow task cannot write the context
          c.signal = 0;
          // @ts-expect-error ... at any depth
          c.cfg.scale = 0;
          return c.signal;
        },
      },
    });
    expect(ctx.signal).toBe(6);
    expect(r.results['oracle:signal'].value).toBe(6);
    expect(r.results['shadow:sei'].status).toBe('error');
    expectTypeOf(r.results['shadow:sei']).toEqualTypeOf<TaskResult>();
    // @ts-expect-error a misspelt task name
    expect(r.results['shadow:seii']).toBeUndefined();
    // @ts-expect-error no promotion in a tick without metrics... so it may be absent
    expectTypeOf(r.promotion).toEqualTypeOf<TickPromotion>();
    expect(r.promotion).toBeUndefined();
  });

  it('has promotion (and its artifact) when metrics are given; metrics see the context read-only', async () => {
    const dir = await tempDir('types');
    const r = await abraxasTick({
      tick: 0, runId: 'RUN-T', mode: 'test', artifactsDir: dir, fsync: false, context: context(),
      runSignal: ok, runCompress: ok, runOverlay: ok,
      metrics: {
        mean: {
          fn: (c) => {
            expectTypeOf(c).toEqualTypeOf<DeepReadonly<Ctx>>();
            // @ts-expect-error a metric cannot write the context
            c.cfg.scale = 1;
            return c.xs.reduce((a, b) => a + b, 0) / c.xs.length;
          },
        },
      },
    });
    expectTypeOf(r.promotion).toEqualTypeOf<TickPromotion>();
    expectTypeOf(r.artifacts.promotion).toEqualTypeOf<string>();
    expect(r.promotion.record.metrics.map((m) => m.metric)).toEqual(['mean']);
    expect(r.results['metric:mean'].status).toBe('error');
    // @ts-expect-error not a metric of this tick
    expect(r.results['metric:median']).toBeUndefined();
  });
});

describe('openRun types', () => {
  it('types its ticks by the run context and metric names', async () => {
    const dir = await tempDir('types');
    const run = openRun<Ctx, 'total'>({
      runId: 'RUN-T', mode: 'test', artifactsDir: dir, fsync: false,
      metrics: { total: { fn: (c) => c.xs.reduce((a, b) => a + b, 0) } },
    });
    const r = await run.tick({ tick: 0, context: context(), runSignal: (c) => (c.signal = 1), runCompress: ok, runOverlay: ok });
    expect(r.results['metric:total'].status).toBe('ok');
    expect(r.promotion.record.tick).toBe(0);
    // @ts-expect-error the tick's context must be the run's
    await expect(run.tick({ tick: 1, context: { other: 1 }, runSignal: ok, runCompress: ok, runOverlay: ok })).resolves.toBeDefined();
    await run.close();
  });

  it('keeps an untyped run open to any context', async () => {
    const dir = await tempDir('types');
    const run = openRun({ runId: 'RUN-T', mode: 'test', artifactsDir: dir, fsync: false });
    const r = await run.tick({ tick: 0, context: { t: 1 }, runSignal: (c) => c.t + 1, runCompress: ok, runOverlay: ok });
    expect(r.results['oracle:signal'].value).toBe(2);
    expect(r.promotion).toBeUndefined();
    await run.close();
  });
});

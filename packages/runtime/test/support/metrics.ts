/**
 * Candidate metrics for promotion tests, over the test pipeline's context: a steady one (ok and
 * invariant every tick), one that drifts on chosen ticks (it reads a counter it keeps between calls,
 * so the invariance gate's re-runs of those ticks see other values), one that throws on chosen
 * ticks, and a call counter to see how often a function ran.
 * Owns: test metric functions. Must not: decide what a test expects.
 */
import type { MetricSpec, TickResult } from '../../src/index.js';
import type { TestContext } from './pipeline.js';
import { Boom } from './vectors.js';

type Spec = MetricSpec<TestContext>;

export function steady(extra: Omit<Spec, 'fn'> = {}): Spec {
  return { ...extra, fn: (ctx) => ({ value: ctx.n * 3 }) };
}

/** Drifts on `ticks`: there it reports how often it has been called (a counter kept between calls). */
export function driftOn(ticks: readonly number[], extra: Omit<Spec, 'fn'> = {}): Spec {
  let calls = 0;
  return {
    ...extra,
    fn: (ctx) => {
      calls++;
      return ticks.includes(ctx.n) ? { value: calls } : { value: ctx.n };
    },
  };
}

/** Throws `Boom` on `ticks` (deterministically: every run of those ticks throws). */
export function failOn(ticks: readonly number[], extra: Omit<Spec, 'fn'> = {}): Spec {
  return {
    ...extra,
    fn: (ctx) => {
      if (ticks.includes(ctx.n)) throw new Boom();
      return { value: ctx.n };
    },
  };
}

/** One metric's decisions, tick by tick, from the tick results. */
export function timeline(results: readonly TickResult[], metric: string): { tick: number; stage: string; decision: string; lane: string; next: string }[] {
  return results.map((r) => {
    const m = r.promotion?.record.metrics.find((x) => x.metric === metric);
    if (m === undefined) throw new Error(`tick ${r.tick} has no decision for ${metric}`);
    return { tick: r.tick, stage: m.state_before.stage, decision: m.decision, lane: m.lane, next: m.state.stage };
  });
}

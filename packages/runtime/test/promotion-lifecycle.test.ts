import { Budget } from '@abraxas/ers';
import { DEFAULT_PROMOTION_POLICY } from '@abraxas/ers/promotion';
import { describe, expect, it } from 'vitest';
import { openRun, type MetricSpec, type OpenRunOptions, type TickResult, type TickWork } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, failOn, steady, timeline } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const work = pipeline();

/** Runs ticks 0 … n-1 of a fresh run with the given metrics; `perTick` adds tick options. */
async function run(
  n: number,
  options: Omit<OpenRunOptions<TestContext>, 'runId' | 'mode' | 'artifactsDir'>,
  perTick: (tick: number) => Partial<TickWork<TestContext>> = () => ({}),
): Promise<TickResult[]> {
  const handle = openRun<TestContext>({ runId: 'P', mode: 'test', artifactsDir: await tempDir('promo'), fsync: false, invarianceRuns: 3, ...options });
  const out: TickResult[] = [];
  for (let t = 0; t < n; t++) out.push(await handle.tick({ ...work(t), ...perTick(t) }));
  await handle.close();
  return out;
}

// Windows small enough to read: candidate 1 (the default), shadow 3, canary 2.
const policy = { shadow: { promote_after: 3, demote_after: 3 }, canary: { promote_after: 2, demote_after: 2 } };

describe('promotion happens at exactly the tick the policy says', () => {
  it('a metric that always qualifies: candidate → shadow → canary → promoted, one lane change per stage', async () => {
    const results = await run(8, { metrics: { m: steady() }, promotionPolicy: policy });
    // Tick 0 is the one qualifying tick candidate needs; ticks 1-3 the three in shadow; ticks 4-5 the two in canary.
    expect(timeline(results, 'm')).toEqual([
      { tick: 0, stage: 'candidate', decision: 'promote', lane: 'shadow', next: 'shadow' },
      { tick: 1, stage: 'shadow', decision: 'hold', lane: 'shadow', next: 'shadow' },
      { tick: 2, stage: 'shadow', decision: 'hold', lane: 'shadow', next: 'shadow' },
      { tick: 3, stage: 'shadow', decision: 'promote', lane: 'shadow', next: 'canary' },
      { tick: 4, stage: 'canary', decision: 'hold', lane: 'forecast', next: 'canary' },
      { tick: 5, stage: 'canary', decision: 'promote', lane: 'forecast', next: 'promoted' },
      { tick: 6, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
      { tick: 7, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
    ]);
    // The task really ran in that lane, after the pipeline's own tasks of the lane.
    for (const r of results) {
      const lane = r.tick < 4 ? 'shadow' : 'forecast';
      expect(r.results['metric:m']?.lane).toBe(lane);
      expect(r.results['metric:m']?.status).toBe('ok');
      // Forecast: 50 - 3 steps × 10 (- 2 for the metric); shadow: 20 - 2 tasks × 2 (- 2 for the metric).
      expect(r.remaining.forecast.ops).toBe(lane === 'forecast' ? 18 : 20);
      expect(r.remaining.shadow.ops).toBe(lane === 'shadow' ? 14 : 16);
    }
  });

  it('only a promoted metric\'s value is consumed; canary and shadow values are only observed', async () => {
    const results = await run(8, { metrics: { m: steady() }, promotionPolicy: policy });
    for (const r of results) {
      const observed = r.results['metric:m']?.value;
      expect(observed).toEqual({ value: r.tick * 3 });
      expect(r.promotion?.consumed).toEqual(r.tick >= 6 ? { m: observed } : {});
      expect(r.promotion?.record.metrics[0]?.consumed).toBe(r.tick >= 6);
    }
  });

  it('with the default policy, at tick candidate + shadow + canary windows - 1 = 12', async () => {
    const p = DEFAULT_PROMOTION_POLICY;
    const expected = (p.candidate.promote_after ?? 0) + (p.shadow.promote_after ?? 0) + (p.canary.promote_after ?? 0) - 1;
    expect(expected).toBe(12);
    const results = await run(expected + 2, { metrics: { m: steady() } });
    const promotions = timeline(results, 'm').filter((d) => d.decision === 'promote');
    expect(promotions.map((d) => [d.tick, d.next])).toEqual([
      [0, 'shadow'],
      [(p.candidate.promote_after ?? 0) + (p.shadow.promote_after ?? 0) - 1, 'canary'],
      [expected, 'promoted'],
    ]);
    expect(results[expected + 1]?.results['metric:m']?.lane).toBe('forecast');
  });
});

describe('a bad tick resets the window', () => {
  // The control promotes shadow → canary at tick 3; one bad tick at 2 delays it to 2 + 3 = 5.
  const shadowPromotion = (results: TickResult[]): number | undefined =>
    timeline(results, 'm').find((d) => d.stage === 'shadow' && d.decision === 'promote')?.tick;

  it('a drift (the value differs between the gate\'s runs)', async () => {
    const results = await run(7, { metrics: { m: driftOn([2]) }, promotionPolicy: policy });
    expect(shadowPromotion(results)).toBe(5);
    const d = results[2]?.promotion?.record.metrics[0];
    expect(d?.evidence).toEqual({ tick: 2, status: 'ok', cost_ops: 2, lane_budget_ops: 20, invariant: false });
    expect(d?.gate?.first_mismatch_index).toBe(1); // the first re-run already saw another value
    expect(d?.decision).toBe('hold');
    expect(d?.reason).toMatch(/drifted.*qualifying streak reset/);
    expect(d?.state).toMatchObject({ stage: 'shadow', qualifying_streak: 0, failing_streak: 1 });
    // The status held: the trace itself records no error.
    expect(results[2]?.results['metric:m']?.status).toBe('ok');
  });

  it('an error', async () => {
    const results = await run(7, { metrics: { m: failOn([2]) }, promotionPolicy: policy });
    expect(shadowPromotion(results)).toBe(5);
    const d = results[2]?.promotion?.record.metrics[0];
    expect(d?.evidence.status).toBe('error');
    expect(d?.evidence.invariant).toBe(true); // it fails the same way in every run
    expect(d?.reason).toMatch(/status error/);
  });

  it('a cost above the policy\'s share of the lane budget', async () => {
    // 11 ops of a 20-op shadow budget is above max_cost_percent 50.
    const results = await run(7, { metrics: { m: steady() }, promotionPolicy: policy }, (t) => (t === 2 ? { metricCostOps: { m: 11 } } : {}));
    expect(shadowPromotion(results)).toBe(5);
    const d = results[2]?.promotion?.record.metrics[0];
    expect(d?.evidence).toMatchObject({ status: 'ok', cost_ops: 11, lane_budget_ops: 20, invariant: true });
    expect(d?.reason).toMatch(/cost 11 ops exceeds 50% of the lane budget 20/);
  });

  it('a skip for budget (the same skip in every run of the gate)', async () => {
    // The two shadow tasks take the 4 ops: nothing is left for the metric.
    const results = await run(7, { metrics: { m: steady() }, promotionPolicy: policy }, (t) => (t === 2 ? { budgetShadow: new Budget({ ops: 4 }) } : {}));
    expect(shadowPromotion(results)).toBe(5);
    const d = results[2]?.promotion?.record.metrics[0];
    expect(d?.evidence).toEqual({ tick: 2, status: 'skipped_budget', cost_ops: 2, lane_budget_ops: 4, invariant: true });
  });
});

describe('demotion after M consecutive failing ticks', () => {
  it('promoted → canary → shadow, a single bad tick never demotes', async () => {
    const results = await run(8, { metrics: { m: failOn([1, 3, 4, 5, 6], { initialStage: 'promoted' }) }, promotionPolicy: policy });
    // promoted demotes after 2 (the default), canary after 2 (policy): ticks 3-4, then 5-6.
    expect(timeline(results, 'm')).toEqual([
      { tick: 0, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
      { tick: 1, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
      { tick: 2, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
      { tick: 3, stage: 'promoted', decision: 'hold', lane: 'forecast', next: 'promoted' },
      { tick: 4, stage: 'promoted', decision: 'demote', lane: 'forecast', next: 'canary' },
      { tick: 5, stage: 'canary', decision: 'hold', lane: 'forecast', next: 'canary' },
      { tick: 6, stage: 'canary', decision: 'demote', lane: 'forecast', next: 'shadow' },
      { tick: 7, stage: 'shadow', decision: 'hold', lane: 'shadow', next: 'shadow' },
    ]);
    expect(results[1]?.promotion?.record.metrics[0]?.state.failing_streak).toBe(1);
    expect(results[2]?.promotion?.record.metrics[0]?.state.failing_streak).toBe(0);
    expect(results[4]?.promotion?.record.metrics[0]?.reason).toMatch(/2 consecutive failing ticks in promoted \(limit 2\)/);
    // Consumed only while promoted and ok: ticks 0 and 2.
    expect(results.filter((r) => Object.keys(r.promotion?.consumed ?? {}).length > 0).map((r) => r.tick)).toEqual([0, 2]);
  });
});

describe('metric tasks', () => {
  it('are observation-only in every stage: a write is the metric\'s error and leaves the context alone', async () => {
    const writer = (stage: 'candidate' | 'canary' | 'promoted'): MetricSpec<TestContext> => ({
      initialStage: stage,
      fn: (ctx) => {
        (ctx as TestContext).n = 99;
        return 1;
      },
    });
    const contexts: TestContext[] = [];
    const results = await run(1, { metrics: { a: writer('candidate'), b: writer('canary'), c: writer('promoted') } }, (t) => {
      const w = work(t);
      contexts.push(w.context);
      return w;
    });
    for (const name of ['a', 'b', 'c']) {
      expect(results[0]?.results[`metric:${name}`]?.status).toBe('error');
      expect(results[0]?.results[`metric:${name}`]?.error).toMatch(/^MetricWriteError: metric task "metric:\w" cannot write context\.n/);
    }
    expect(contexts[0]?.n).toBe(0);
    expect(results[0]?.promotion?.consumed).toEqual({});
  });

  it('run again only in the gate: the pipeline once per tick, each metric invarianceRuns times', async () => {
    const calls = { signal: 0, metric: 0 };
    await run(3, { invarianceRuns: 5, metrics: { m: { fn: () => ++calls.metric && 1 } } }, (t) => ({
      runSignal: () => {
        calls.signal++;
        return t;
      },
    }));
    expect(calls).toEqual({ signal: 3, metric: 15 });
  });

  it('are re-run with the budget their lane had left, not the full budget', async () => {
    // As a canary the metric costs 25 ops; the steps leave 20 of 50: it is skipped in the tick and
    // in every re-run (a re-run with the full 50 would run it and report drift).
    const results = await run(1, { metrics: { m: steady({ initialStage: 'canary', costOps: 25 }) } });
    const d = results[0]?.promotion?.record.metrics[0];
    expect(d?.evidence).toEqual({ tick: 0, status: 'skipped_budget', cost_ops: 25, lane_budget_ops: 50, invariant: true });
    expect(d?.gate?.first_mismatch_index).toBeNull();
  });

  it('share their lane in name order, in the tick and in the gate alike', async () => {
    // Shadow: 20 - 4 for the shadow tasks = 16; "a" takes 10, "b" (10) no longer fits.
    const results = await run(1, { metrics: { b: steady({ costOps: 10 }), a: steady({ costOps: 10 }) } });
    const [a, b] = results[0]?.promotion?.record.metrics ?? [];
    expect([a?.metric, a?.evidence.status, a?.evidence.invariant]).toEqual(['a', 'ok', true]);
    expect([b?.metric, b?.evidence.status, b?.evidence.invariant]).toEqual(['b', 'skipped_budget', true]);
  });
});

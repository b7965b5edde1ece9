/**
 * `foldTrendpacks` and `taskStatusMatrix` on golden scenarios, checked from first principles and
 * against the reference's remaining budgets, plus their bad-input errors.
 */
import { compareCodePoints } from '@abraxas/internal';
import { Budget } from '@abraxas/ers';
import { schedulerVectors, type SchedulerVector } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { ersTraceToTrendpack, foldTrendpacks, taskStatusMatrix, type TrendPack } from '../src/index.js';
import { expectVizError } from './expect-error.js';
import { replaySchedulerVector } from './vectors.js';

function vector(id: string): SchedulerVector {
  const v = schedulerVectors.find((x) => x.id === id);
  if (v === undefined) throw new Error(`no vector ${id}`);
  return v;
}

// Three golden ticks as one run: budget-exhaustion (tick 0), errors-spend-budget (tick 5),
// skip-then-smaller-fits (tick 11).
const used = ['errors-spend-budget', 'skip-then-smaller-fits', 'budget-exhaustion'].map(vector);
const packOf = (v: SchedulerVector): TrendPack =>
  ersTraceToTrendpack({ trace: replaySchedulerVector(v), runId: 'RUN-F', tick: v.tick, provenance: { mode: 'fold' } });
const packs = used.map(packOf);
const budgetsAt = (tick: number) => {
  const v = used.find((u) => u.tick === tick);
  return v === undefined ? undefined : { forecast: v.budget_forecast, shadow: v.budget_shadow };
};

describe('foldTrendpacks on golden ticks', () => {
  const fold = foldTrendpacks(packs, { budgets: budgetsAt });

  it('orders ticks ascending whatever the input order, and names the run', () => {
    expect(fold.runId).toBe('RUN-F');
    expect(fold.ticks).toEqual([0, 5, 11]);
    expect(fold.series.map((t) => t.tick)).toEqual([0, 5, 11]);
    expect(fold.lanes).toEqual(['forecast', 'shadow']);
  });

  it("leaves exactly the reference's remaining budgets (available minus spent)", () => {
    for (const t of fold.series) {
      const v = used.find((u) => u.tick === t.tick);
      expect(t.lanes.forecast.remaining).toEqual(v?.expect.remaining.forecast);
      expect(t.lanes.shadow.remaining).toEqual(v?.expect.remaining.shadow);
    }
  });

  it('places each event on its lane spending axis (errors-spend-budget, tick 5)', () => {
    const t5 = fold.series[1];
    // Forecast budget 3: f-err spends 2 (throws), f-ok (2) no longer fits, f-last spends 1.
    expect(t5?.lanes.forecast.events.map((e) => [e.task, e.status, e.charged, e.opsStart, e.opsEnd, e.position])).toEqual([
      ['f-err', 'error', true, 0, 2, 0],
      ['f-ok', 'skipped_budget', false, 2, 2, 1],
      ['f-last', 'ok', true, 2, 3, 2],
    ]);
    expect(t5?.lanes.shadow.events.map((e) => [e.task, e.opsStart, e.opsEnd, e.position])).toEqual([
      ['s-err', 0, 1, 3],
      ['s-ok', 1, 2, 4],
    ]);
    expect(t5?.lanes.forecast.counts).toEqual({ ok: 1, error: 1, skipped_budget: 1, not_computable: 0 });
    expect(t5?.lanes.forecast.utilisationOps).toBe(1);
    expect(t5?.lanes.shadow.utilisationOps).toBe(1);
    expect(t5?.provenance).toEqual({ mode: 'fold' });
  });

  it('reports no utilisation for a zero budget (budget-exhaustion shadow lane, 0 ops)', () => {
    const shadow0 = fold.series[0]?.lanes.shadow;
    expect(shadow0?.available).toEqual({ ops: 0, entropy: 0 });
    expect(shadow0?.spentOps).toBe(0);
    expect(shadow0?.utilisationOps).toBeNull();
  });

  it('accumulates spending across ticks and totals it per lane', () => {
    // forecast spent 2 (tick 0), 3 (tick 5), 5 (tick 11); shadow 0, 2, 3; budgets 2+3+5 and 0+2+3.
    expect(fold.series.map((t) => t.lanes.forecast.cumulativeSpentOps)).toEqual([2, 5, 10]);
    expect(fold.series.map((t) => t.lanes.shadow.cumulativeSpentOps)).toEqual([0, 2, 5]);
    expect(fold.totals.forecast).toMatchObject({ spentOps: 10, available: { ops: 10, entropy: 0 }, utilisationOps: 1 });
    expect(fold.totals.shadow).toMatchObject({ spentOps: 5, available: { ops: 5, entropy: 0 }, utilisationOps: 1 });
    // forecast ok: t1; f-last; big, small. error: f-err. skipped: t2; f-ok; huge.
    expect(fold.totals.forecast.counts).toEqual({ ok: 4, error: 1, skipped_budget: 3, not_computable: 0 });
  });

  it('lists errors and skips by tick, then execution order', () => {
    expect(fold.errors.map((e) => [e.tick, e.task, e.lane, e.costOps])).toEqual([
      [5, 'f-err', 'forecast', 2],
      [5, 's-err', 'shadow', 1],
    ]);
    expect(fold.skips.map((s) => [s.tick, s.task])).toEqual([
      [0, 't2'],
      [0, 's1'],
      [5, 'f-ok'],
      [11, 'huge'],
      [11, 's-big'],
    ]);
  });

  it('builds the task × tick matrix with null where a task did not run', () => {
    expect(fold.matrix).toEqual(taskStatusMatrix(packs));
    expect(fold.tasks).toEqual([...fold.tasks].sort(compareCodePoints));
    const row = fold.matrix.rows.find((r) => r.task === 'f-err');
    expect(row?.cells.map((c) => c?.status ?? null)).toEqual([null, 'error', null]);
    expect(row?.lanes).toEqual(['forecast']);
    expect(row?.counts.error).toBe(1);
  });

  it('without budgets, leaves available, remaining and utilisation null', () => {
    const bare = foldTrendpacks(packs);
    const lane = bare.series[0]?.lanes.forecast;
    expect([lane?.available, lane?.remaining, lane?.utilisationOps, bare.totals.forecast.available]).toEqual([null, null, null, null]);
    expect(lane?.spentOps).toBe(2);
  });

  it('accepts constant budgets and ers Budget-like objects', () => {
    const constant = foldTrendpacks(packs, { budgets: { forecast: new Budget({ ops: 10 }) } });
    expect(constant.series.map((t) => t.lanes.forecast.remaining?.ops)).toEqual([8, 7, 5]);
    expect(constant.series[0]?.lanes.shadow.available).toBeNull();
  });

  it('folds an empty series', () => {
    const empty = foldTrendpacks([]);
    expect(empty).toMatchObject({ runId: null, ticks: [], series: [], tasks: [], errors: [], skips: [] });
    expect(empty.totals.forecast).toMatchObject({ spentOps: 0, available: null, utilisationOps: null });
  });
});

describe('foldTrendpacks and taskStatusMatrix reject bad input', () => {
  const FN = 'foldTrendpacks';

  it('packs that are not an array, or not TrendPacks', () => {
    expectVizError(() => foldTrendpacks({} as never), FN, 'packs', /must be an array of TrendPacks/);
    expectVizError(() => foldTrendpacks([packs[0], 'x'] as never), FN, 'packs[1]', /plain object/);
    const sparse: TrendPack[] = [];
    sparse[1] = packs[0] as TrendPack;
    expectVizError(() => foldTrendpacks(sparse), FN, 'packs[0]', /plain object; got undefined/);
    const tampered = { ...packs[1], stats: { ...packs[1]?.stats, ok_events: 9 } };
    expectVizError(() => foldTrendpacks([packs[0], tampered] as never), FN, 'packs[1].stats', /timeline implies/);
    expectVizError(() => taskStatusMatrix([tampered] as never), 'taskStatusMatrix', 'packs[0].stats');
  });

  it('packs of two runs, or two packs of one tick', () => {
    const other = { ...packs[1], run_id: 'RUN-G' } as TrendPack;
    expectVizError(() => foldTrendpacks([packs[0], other] as TrendPack[]), FN, 'packs[1].run_id', /one run per series/);
    expectVizError(() => foldTrendpacks([packs[2], packs[0], packs[2]] as TrendPack[]), FN, 'packs[2].tick', /unique in the series \(also at packs\[0\]\)/);
  });

  it('options and budgets that are malformed', () => {
    expectVizError(() => foldTrendpacks(packs, 5 as never), FN, 'options', /must be an object/);
    expectVizError(() => foldTrendpacks(packs, { budgets: 5 as never }), FN, 'options.budgets', /must be an object/);
    expectVizError(() => foldTrendpacks(packs, { budgets: { forecast: { ops: -1 } } }), FN, 'options.budgets.forecast.ops', /non-negative safe integer/);
    expectVizError(() => foldTrendpacks(packs, { budgets: { shadow: { ops: 5, entropy: 0.5 } } }), FN, 'options.budgets.shadow.entropy');
    expectVizError(() => foldTrendpacks(packs, { budgets: () => 'lots' as never }), FN, 'options.budgets(0)', /must be an object/);
  });

  it('a budget smaller than what its lane spent (the budgets do not belong to this run)', () => {
    expectVizError(() => foldTrendpacks(packs, { budgets: { forecast: { ops: 4 } } }), FN, 'options.budgets', /lane forecast at tick 11 has 4 ops, the lane spent 5/);
  });
});

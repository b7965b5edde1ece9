/**
 * `foldTrendpacks`: folds a run's TrendPacks into what visualisation consumers draw — per tick and
 * lane, the events in execution order with their place on the lane's spending axis, status counts,
 * ops and entropy spent, the budget available and its utilisation, running totals; plus every
 * error and skip, lane totals and the task × tick status matrix.
 * Owns: the fold. Must not: render, depend on input order, read clocks or the locale.
 */
import type { Lane } from '@abraxas/ers';
import { VizValidationError } from './errors.js';
import type {
  BudgetAmount,
  BudgetsOption,
  FoldedError,
  FoldedSkip,
  FoldTrendpacksOptions,
  LaneBudgetInputs,
  LaneEvent,
  LaneTick,
  LaneTotals,
  TickFold,
  TrendFold,
} from './fold-types.js';
import { addCounts, orderedSeries, zeroCounts } from './series.js';
import { buildStatusMatrix } from './status-matrix.js';
import type { TrendPack } from './types.js';
import { LANES, requireNonNegativeInt, requireObject } from './validate.js';

const FN = 'foldTrendpacks';

/**
 * Folds a run's TrendPacks (in any order; one pack per tick, all of one run) into a `TrendFold`,
 * ticks ascending. Pass `budgets` to get available/remaining budgets and utilisation.
 *
 * @example
 * ```ts
 * const fold = foldTrendpacks(packs, { budgets: { forecast: { ops: 50 }, shadow: { ops: 20 } } });
 * for (const t of fold.series) {
 *   const f = t.lanes.forecast;
 *   console.log(t.tick, f.spentOps, f.available?.ops, f.utilisationOps); // 0 30 50 0.6
 * }
 * ```
 *
 * Throws `VizValidationError` when a pack is not a consistent TrendPack v0.1, packs mix runs or
 * repeat a tick, or a budget is malformed or smaller than what its lane spent.
 */
export function foldTrendpacks(packs: readonly TrendPack[], options: FoldTrendpacksOptions = {}): TrendFold {
  const budgets = budgetsOption(options);
  const series = orderedSeries(FN, packs);

  const cumulative = { forecast: { ops: 0, entropy: 0 }, shadow: { ops: 0, entropy: 0 } };
  const totals = { forecast: newTotals(), shadow: newTotals() };
  const errors: FoldedError[] = [];
  const skips: FoldedSkip[] = [];
  const ticks: TickFold[] = [];

  for (const pack of series) {
    const { given, field } = budgetsAt(budgets, pack.tick);
    const lanes = {
      forecast: laneTick(pack, 'forecast', readBudget(given, 'forecast', `${field}.forecast`), cumulative.forecast),
      shadow: laneTick(pack, 'shadow', readBudget(given, 'shadow', `${field}.shadow`), cumulative.shadow),
    };
    for (const lane of LANES) accumulate(totals[lane], lanes[lane]);
    for (const e of pack.errors) errors.push({ tick: pack.tick, task: e.task, lane: e.lane, costOps: e.cost_ops, meta: e.meta });
    for (const s of pack.skipped) {
      skips.push({ tick: pack.tick, task: s.task, lane: s.lane, costOps: s.cost_ops, costEntropy: s.cost_entropy });
    }
    ticks.push({
      tick: pack.tick,
      provenance: pack.provenance,
      lanes,
      counts: addCounts(lanes.forecast.counts, lanes.shadow.counts),
      eventCount: pack.timeline.length,
    });
  }

  const matrix = buildStatusMatrix(series);
  return {
    runId: series.length === 0 ? null : (series[0] as TrendPack).run_id,
    ticks: matrix.ticks,
    lanes: [...LANES],
    tasks: matrix.tasks,
    series: ticks,
    totals: { forecast: laneTotals('forecast', totals.forecast), shadow: laneTotals('shadow', totals.shadow) },
    errors,
    skips,
    matrix,
  };
}

/** The `budgets` option, checked to be absent, an object or a function. */
function budgetsOption(options: unknown): BudgetsOption | undefined {
  requireObject(FN, 'options', options);
  const budgets = options.budgets;
  if (budgets === undefined || typeof budgets === 'function') return budgets as BudgetsOption | undefined;
  requireObject(FN, 'options.budgets', budgets);
  return budgets;
}

/** The caller's budgets for one tick, validated, and the field that names them in errors. */
function budgetsAt(budgets: BudgetsOption | undefined, tick: number): { given: LaneBudgetInputs | undefined; field: string } {
  if (typeof budgets !== 'function') return { given: budgets, field: 'options.budgets' };
  const field = `options.budgets(${tick})`;
  const given: unknown = budgets(tick);
  if (given === undefined) return { given: undefined, field };
  requireObject(FN, field, given);
  return { given, field };
}

/** A lane's budget from the caller's budgets, validated; `null` when not given. */
function readBudget(given: LaneBudgetInputs | undefined, lane: Lane, field: string): BudgetAmount | null {
  if (given === undefined) return null;
  const budget = given[lane];
  if (budget === undefined) return null;
  requireObject(FN, field, budget);
  requireNonNegativeInt(FN, `${field}.ops`, budget.ops);
  const entropy = budget.entropy ?? 0;
  requireNonNegativeInt(FN, `${field}.entropy`, entropy);
  return { ops: budget.ops, entropy };
}

function laneTick(pack: TrendPack, lane: Lane, available: BudgetAmount | null, cumulative: { ops: number; entropy: number }): LaneTick {
  const events: LaneEvent[] = [];
  const counts = zeroCounts();
  let ops = 0;
  let entropy = 0;
  pack.timeline.forEach((e, position) => {
    if (e.lane !== lane) return;
    counts[e.status]++;
    const charged = e.status !== 'skipped_budget';
    const opsStart = ops;
    const entropyStart = entropy;
    if (charged) {
      ops += e.cost_ops;
      entropy += e.cost_entropy;
    }
    events.push({
      tick: pack.tick,
      task: e.task,
      lane,
      status: e.status,
      costOps: e.cost_ops,
      costEntropy: e.cost_entropy,
      charged,
      position,
      opsStart,
      opsEnd: ops,
      entropyStart,
      entropyEnd: entropy,
      meta: e.meta,
    });
  });
  if (available !== null) {
    const field = `budget for lane ${lane} at tick ${pack.tick}`;
    if (available.ops < ops) {
      throw new VizValidationError(FN, 'options.budgets', `must cover what each lane spent: ${field} has ${available.ops} ops, the lane spent ${ops}`);
    }
    if (available.entropy < entropy) {
      throw new VizValidationError(FN, 'options.budgets', `must cover what each lane spent: ${field} has ${available.entropy} entropy, the lane spent ${entropy}`);
    }
  }
  cumulative.ops += ops;
  cumulative.entropy += entropy;
  return {
    tick: pack.tick,
    lane,
    events,
    counts,
    eventCount: events.length,
    spentOps: ops,
    spentEntropy: entropy,
    available,
    remaining: available === null ? null : { ops: available.ops - ops, entropy: available.entropy - entropy },
    utilisationOps: ratio(ops, available?.ops),
    utilisationEntropy: ratio(entropy, available?.entropy),
    cumulativeSpentOps: cumulative.ops,
    cumulativeSpentEntropy: cumulative.entropy,
  };
}

interface Totals {
  counts: ReturnType<typeof zeroCounts>;
  eventCount: number;
  spentOps: number;
  spentEntropy: number;
  available: { ops: number; entropy: number } | null;
  ticks: number;
}

function newTotals(): Totals {
  return { counts: zeroCounts(), eventCount: 0, spentOps: 0, spentEntropy: 0, available: { ops: 0, entropy: 0 }, ticks: 0 };
}

function accumulate(t: Totals, lane: LaneTick): void {
  t.counts = addCounts(t.counts, lane.counts);
  t.eventCount += lane.eventCount;
  t.spentOps += lane.spentOps;
  t.spentEntropy += lane.spentEntropy;
  t.ticks++;
  if (t.available !== null && lane.available !== null) {
    t.available.ops += lane.available.ops;
    t.available.entropy += lane.available.entropy;
  } else {
    t.available = null;
  }
}

function laneTotals(lane: Lane, t: Totals): LaneTotals {
  // An empty series has no known budget.
  const available = t.ticks === 0 ? null : t.available;
  return {
    lane,
    counts: t.counts,
    eventCount: t.eventCount,
    spentOps: t.spentOps,
    spentEntropy: t.spentEntropy,
    available,
    utilisationOps: ratio(t.spentOps, available?.ops),
    utilisationEntropy: ratio(t.spentEntropy, available?.entropy),
  };
}

/** `spent / available`, or `null` when the budget is unknown or 0. */
function ratio(spent: number, available: number | undefined): number | null {
  return available === undefined || available === 0 ? null : spent / available;
}

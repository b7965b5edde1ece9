/**
 * The shapes that `foldTrendpacks` and `taskStatusMatrix` return: a run's TrendPacks folded into
 * per-tick lane timelines, budget series and a task × tick status matrix — what a lane timeline,
 * a burn-down chart or a heat map draws. These are derived in-memory views, never hashed or written
 * as records, so their fields are camelCase; all of them are readonly plain data.
 * Owns: fold types only. Must not: hold logic.
 */
import type { Lane, Status } from '@abraxas/ers';
import type { JsonObject } from './types.js';

/** A lane's budget for one tick, as the scheduler was given it. */
export interface BudgetAmount {
  readonly ops: number;
  readonly entropy: number;
}

/** A budget as the caller gives it: a plain `{ ops, entropy? }` or an `@abraxas/ers` `Budget`. */
export interface BudgetInput {
  readonly ops: number;
  /** Default 0. */
  readonly entropy?: number;
}

/** Available budgets per lane; a lane left out has no known budget. */
export interface LaneBudgetInputs {
  readonly forecast?: BudgetInput;
  readonly shadow?: BudgetInput;
}

/** The same budgets for every tick, or a function giving a tick's budgets (`undefined`: not known). */
export type BudgetsOption = LaneBudgetInputs | ((tick: number) => LaneBudgetInputs | undefined);

/** Options of `foldTrendpacks`. */
export interface FoldTrendpacksOptions {
  /** The budgets each tick ran with; without them `available`, `remaining` and utilisation are `null`. */
  readonly budgets?: BudgetsOption;
}

/** How many events had each status. */
export type StatusCounts = { readonly [S in Status]: number };

/** One event on a lane's timeline within a tick, with its place on the lane's spending axis. */
export interface LaneEvent {
  readonly tick: number;
  readonly task: string;
  readonly lane: Lane;
  readonly status: Status;
  readonly costOps: number;
  readonly costEntropy: number;
  /** True when the event spent its costs: every status but `skipped_budget`. */
  readonly charged: boolean;
  /** Index of the event in the tick's timeline (both lanes, execution order). */
  readonly position: number;
  /** Ops the lane had spent before this event in the tick; `opsEnd - opsStart` is what it spent. */
  readonly opsStart: number;
  readonly opsEnd: number;
  /** Entropy the lane had spent before this event in the tick; `entropyEnd - entropyStart` is what it spent. */
  readonly entropyStart: number;
  readonly entropyEnd: number;
  readonly meta: JsonObject;
}

/** One lane in one tick: its events in order, what it spent, and against what budget. */
export interface LaneTick {
  readonly tick: number;
  readonly lane: Lane;
  /** The lane's events in execution order. */
  readonly events: readonly LaneEvent[];
  readonly counts: StatusCounts;
  readonly eventCount: number;
  /** Equal to the pack's `budget.<lane>.spent_ops` / `spent_entropy`. */
  readonly spentOps: number;
  readonly spentEntropy: number;
  /** The lane's budget for the tick, or `null` when not known. */
  readonly available: BudgetAmount | null;
  /** `available - spent`, or `null` when the budget is not known. */
  readonly remaining: BudgetAmount | null;
  /** `spentOps / available.ops` in [0, 1]; `null` when the budget is not known or is 0. */
  readonly utilisationOps: number | null;
  /** `spentEntropy / available.entropy` in [0, 1]; `null` when the budget is not known or is 0. */
  readonly utilisationEntropy: number | null;
  /** What the lane spent in this and every earlier tick of the series. */
  readonly cumulativeSpentOps: number;
  readonly cumulativeSpentEntropy: number;
}

/** One tick of the series. */
export interface TickFold {
  readonly tick: number;
  readonly provenance: JsonObject;
  readonly lanes: { readonly forecast: LaneTick; readonly shadow: LaneTick };
  readonly counts: StatusCounts;
  readonly eventCount: number;
}

/** A lane over the whole series. */
export interface LaneTotals {
  readonly lane: Lane;
  readonly counts: StatusCounts;
  readonly eventCount: number;
  readonly spentOps: number;
  readonly spentEntropy: number;
  /** The sum of the lane's budgets over every tick, or `null` unless every tick's budget is known. */
  readonly available: BudgetAmount | null;
  /** `spentOps / available.ops`; `null` when `available` is `null` or its ops are 0. */
  readonly utilisationOps: number | null;
  /** `spentEntropy / available.entropy`; `null` when `available` is `null` or its entropy is 0. */
  readonly utilisationEntropy: number | null;
}

/** An event whose task threw, with its tick. */
export interface FoldedError {
  readonly tick: number;
  readonly task: string;
  readonly lane: Lane;
  readonly costOps: number;
  readonly meta: JsonObject;
}

/** An event skipped for budget, with its tick. */
export interface FoldedSkip {
  readonly tick: number;
  readonly task: string;
  readonly lane: Lane;
  readonly costOps: number;
  readonly costEntropy: number;
}

/** One cell of the task × tick matrix: what happened to the task in that tick. */
export interface TaskStatusCell {
  readonly tick: number;
  readonly status: Status;
  readonly lane: Lane;
  readonly costOps: number;
  readonly costEntropy: number;
  readonly charged: boolean;
  /** Index of the event in the tick's timeline. */
  readonly position: number;
}

/** One task's row: a cell per tick of the matrix, `null` where the task did not appear. */
export interface TaskStatusRow {
  readonly task: string;
  /** The lanes the task ran in, forecast first (normally one). */
  readonly lanes: readonly Lane[];
  readonly cells: readonly (TaskStatusCell | null)[];
  readonly counts: StatusCounts;
}

/** Task × tick statuses for a heat map: rows by task name (code point order), columns by tick ascending. */
export interface TaskStatusMatrix {
  readonly ticks: readonly number[];
  readonly tasks: readonly string[];
  readonly rows: readonly TaskStatusRow[];
}

/** A run's TrendPacks folded for visualisation. Ticks ascend; lanes are forecast then shadow. */
export interface TrendFold {
  /** The run all packs belong to; `null` for an empty series. */
  readonly runId: string | null;
  /** The ticks present, ascending (gaps are not filled). */
  readonly ticks: readonly number[];
  readonly lanes: readonly Lane[];
  /** Every task name of the series, by code point. */
  readonly tasks: readonly string[];
  readonly series: readonly TickFold[];
  readonly totals: { readonly forecast: LaneTotals; readonly shadow: LaneTotals };
  /** Every error event, by tick then execution order. */
  readonly errors: readonly FoldedError[];
  /** Every skipped event, by tick then execution order. */
  readonly skips: readonly FoldedSkip[];
  readonly matrix: TaskStatusMatrix;
}

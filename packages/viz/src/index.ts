/**
 * @abraxas/viz — TrendPack v0.1: the pure transformer from an ERS trace to the spec's visualisation
 * format, its validator, and helpers that fold a run's TrendPacks into lane timelines, budget series
 * and a task × tick status matrix. Pure: no IO, no clock, no randomness; runs unchanged in browsers.
 */
export { ersTraceToTrendpack, type ErsTraceToTrendpackOptions } from './trendpack.js';
export { validateTrendPack } from './validate-trendpack.js';
export { foldTrendpacks } from './fold.js';
export { taskStatusMatrix } from './status-matrix.js';
export { VizValidationError } from './errors.js';
export type {
  JsonObject,
  TrendPack,
  TrendPackError,
  TrendPackEvent,
  TrendPackLaneBudget,
  TrendPackSkip,
  TrendPackStats,
  TrendPackVersion,
} from './types.js';
export type {
  BudgetAmount,
  BudgetInput,
  BudgetsOption,
  FoldedError,
  FoldedSkip,
  FoldTrendpacksOptions,
  LaneBudgetInputs,
  LaneEvent,
  LaneTick,
  LaneTotals,
  StatusCounts,
  TaskStatusCell,
  TaskStatusMatrix,
  TaskStatusRow,
  TickFold,
  TrendFold,
} from './fold-types.js';

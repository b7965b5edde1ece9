/**
 * @abraxas/runtime — runs Abraxas ticks end to end: the three forecast steps and the shadow tasks
 * through the ERS scheduler, then the tick's TrendPack and RunIndex sealed as provenance artifacts
 * in the run's manifest; a run handle for long runs; and a query over a run's index.
 */
export { abraxasTick } from './abraxas-tick.js';
export { openRun, RunHandle } from './run-handle.js';
export { queryRun, type QueryRunOptions, type RunQueryFilter, type RunQueryResult, type RunQueryTick } from './query.js';
export { REFERENCE_COSTS } from './costs.js';
export { ERS_VERSION, RUN_INDEX_KIND, TRENDPACK_KIND, TRENDPACK_SCHEMA } from './emit.js';
export { RUN_INDEX_SCHEMA } from './run-index.js';
export { RunClosedError, RunIndexCorruptError, RuntimeValidationError } from './errors.js';
export type {
  AbraxasTickOptions,
  BudgetRecord,
  ForecastCostOps,
  ForecastStep,
  OpenRunOptions,
  PipelineStep,
  RunIdentity,
  RunIndex,
  ShadowCostOps,
  ShadowTask,
  TickArtifacts,
  TickCosts,
  TickResult,
  TickWork,
} from './types.js';

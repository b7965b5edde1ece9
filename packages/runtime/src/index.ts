/**
 * @abraxas/runtime — runs Abraxas ticks end to end: the three forecast steps and the shadow tasks
 * through the ERS scheduler, then the tick's TrendPack and RunIndex sealed as provenance artifacts
 * in the run's manifest; a run handle for long runs; a query over a run's index; and the promotion
 * lifecycle of candidate metrics, with sealed decision records and their replay.
 */
export { abraxasTick } from './abraxas-tick.js';
export { openRun, RunHandle } from './run-handle.js';
export { queryRun, type QueryRunOptions, type RunQueryFilter, type RunQueryResult, type RunQueryTick } from './query.js';
export { REFERENCE_COSTS } from './costs.js';
export { RECORD_KINDS, RECORD_REFERENCES } from './record-kinds.js';
export { verifyRun } from './verify-run.js';
export type { RunIndex } from './records/run-index.js';
export type { ResultsPack, SealedTaskResult, SealResultsOptions } from './records/results-pack.js';
export { readTickResults, type ReadTickResultsOptions } from './results-read.js';
export type { HeaderCosts, HeaderPromotion, RunEnvironment, RunHeader, RunHeaderOptions } from './run-header/record.js';
export { readRunHeader, type ReadRunHeaderOptions } from './run-header/read.js';
export {
  MetricWriteError,
  PromotionRecordError,
  ResultsPackError,
  RunHeaderError,
  RunClosedError,
  RunIndexCorruptError,
  RuntimeStoreError,
  RuntimeValidationError,
  StabilityRecordError,
  TrendPackCorruptError,
} from './errors.js';
export { listRuns, type ListRunsOptions, type RunSummary } from './lifecycle/list-runs.js';
export { tickStats, type TickStatsRow } from './lifecycle/tick-stats.js';
export { pruneRun, type PruneRunOptions, type PruneRunResult } from './lifecycle/prune-run.js';
export { readRunStability, sealRunStability, type SealedRunStability, type SealRunStabilityOptions } from './lifecycle/run-stability.js';
export { rootWithoutStability, type RunStability, type StabilityCoverage, type StabilitySource, type StabilityVerdict } from './records/run-stability.js';
export {
  iterateTicks,
  readTrendPack,
  type IterateTicksOptions,
  type ReadTrendPackOptions,
  type RunTick,
} from './trendpack-read.js';
export { iterateRunRecords, type IterateRunRecordsOptions } from './record-iteration.js';
export type { RunLocation } from './run-location.js';
// What a runtime user needs from the packages below, so that @abraxas/runtime alone is enough
// (under pnpm's strict layout a dependency's dependencies are not importable).
export { Budget, ErsError, ErsValidationError, type BudgetInit, type DeepReadonly } from '@abraxas/ers';
export {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactError,
  ArtifactLockError,
  ArtifactNotFoundError,
  ArtifactValidationError,
  manifestRootHash,
  readManifest,
  type Manifest,
  type ManifestRecord,
  type VerifyProblem,
  type VerifyProblemKind,
  type VerifyResult,
} from '@abraxas/artifacts';
export type { TrendPack, TrendPackStats } from '@abraxas/viz';
export type { MetricDecisionRecord, MetricGateRecord, PromotionRecord } from './promotion/record.js';
export { DEFAULT_INVARIANCE_RUNS, DEFAULT_METRIC_COST_OPS } from './promotion/options.js';
export { METRIC_PRIORITY, METRIC_TASK_PREFIX } from './promotion/metric-tasks.js';
export { replayPromotions, type PromotionReplay } from './promotion/replay.js';
export type {
  AbraxasTickOptions,
  BudgetRecord,
  ForecastCostOps,
  ForecastStep,
  MetricCostOps,
  MetricSpec,
  OpenRunOptions,
  PipelineStep,
  PromotionOptions,
  PromotionPolicyInput,
  PromotedTickResult,
  RunIdentity,
  RunRecordOptions,
  ShadowCostOps,
  ShadowTask,
  TickArtifacts,
  TickCosts,
  TickOutcome,
  TickPromotion,
  TickResult,
  TickResults,
  TickTaskName,
  TickWork,
} from './types.js';

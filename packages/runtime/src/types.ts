/**
 * The shapes of @abraxas/runtime: option objects (camelCase) and the records it returns or writes
 * (snake_case, one shape in memory and on disk, per the project's naming convention).
 * Owns: types only. Must not: hold logic.
 */
import type { Budget, TaskResult } from '@abraxas/ers';
import type { TrendPackStats } from '@abraxas/viz';

/** A forecast pipeline step: receives the tick's context (mutable), returns any value or a promise. */
export type PipelineStep<C extends object = Record<string, unknown>> = (ctx: C) => unknown;

/** A shadow task: receives a read-only view of the context (a write is that task's error). */
export type ShadowTask<C extends object = Record<string, unknown>> = (ctx: Readonly<C>) => unknown;

/** The three forecast steps, in the order they run. */
export type ForecastStep = 'signal' | 'compress' | 'overlay';

/** Ops cost of the forecast steps: one number for all three, or per step (missing steps cost 10). */
export type ForecastCostOps = number | { readonly [S in ForecastStep]?: number };

/** Ops cost of the shadow tasks: one number for all, or per task name (missing names cost 2). */
export type ShadowCostOps = number | { readonly [name: string]: number };

/** Costs and budgets of a tick; every field defaults to the reference's. */
export interface TickCosts {
  /** Forecast lane budget; default `new Budget({ ops: 50, entropy: 0 })`. */
  readonly budgetForecast?: Budget;
  /** Shadow lane budget; default `new Budget({ ops: 20, entropy: 0 })`. */
  readonly budgetShadow?: Budget;
  /** Ops cost of each forecast step; default 10. */
  readonly forecastCostOps?: ForecastCostOps;
  /** Ops cost of each shadow task; default 2. */
  readonly shadowCostOps?: ShadowCostOps;
}

/** The work of one tick: its number, context and pipeline functions. */
export interface TickWork<C extends object = Record<string, unknown>> extends TickCosts {
  /** The tick: a non-negative safe integer. */
  readonly tick: number;
  /** Shared context: forecast steps see it as is, shadow tasks read-only. */
  readonly context: C;
  readonly runSignal: PipelineStep<C>;
  readonly runCompress: PipelineStep<C>;
  readonly runOverlay: PipelineStep<C>;
  /** Shadow tasks by name; each runs as `shadow:<name>` (priority 0, in name order). */
  readonly runShadowTasks?: { readonly [name: string]: ShadowTask<C> };
}

/** Where a run lives and how it is labelled. */
export interface RunIdentity {
  /** The run id (1-128 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit, no `..`). */
  readonly runId: string;
  /** Execution mode recorded in the provenance, e.g. `live`, `test`, `backtest`: a non-empty string. */
  readonly mode: string;
  /** The artifacts folder (created if needed). Hashed files store paths relative to it. */
  readonly artifactsDir: string;
  /**
   * fsync every artifact and ledger write before it resolves (default true). With false a write
   * survives a killed process but not a power loss.
   */
  readonly fsync?: boolean;
}

/** Options of `abraxasTick`. */
export interface AbraxasTickOptions<C extends object = Record<string, unknown>> extends RunIdentity, TickWork<C> {}

/** Options of `openRun`: the run, and default costs and budgets for its ticks. */
export interface OpenRunOptions extends RunIdentity, TickCosts {}

/** A lane's remaining budget as plain data. */
export interface BudgetRecord {
  readonly ops: number;
  readonly entropy: number;
}

/** What a tick wrote: paths that open (the artifacts folder joined with the relative path) and their SHA-256. */
export interface TickArtifacts {
  readonly trendpack: string;
  readonly trendpack_sha256: string;
  readonly runindex: string;
  readonly runindex_sha256: string;
}

/**
 * The outcome of one tick, as the reference's `abraxas_tick` returns it. Everything is plain data;
 * `results[name].value` is what the task returned, unchanged (it is never written to disk).
 */
export interface TickResult {
  readonly tick: number;
  readonly run_id: string;
  readonly mode: string;
  /** Task results keyed by task name (`oracle:signal`, …, `shadow:<name>`). */
  readonly results: { readonly [task: string]: TaskResult };
  readonly remaining: { readonly forecast: BudgetRecord; readonly shadow: BudgetRecord };
  readonly artifacts: TickArtifacts;
}

/**
 * `RunIndex.v0`, one per tick at `run_index/<run_id>/<tick:06d>.runindex.json`. The reference's
 * fields, with `refs` relative to the artifacts folder, plus `stats`: a copy of the TrendPack's
 * stats so that a run can be queried from its index alone (this project's documented extension).
 */
export interface RunIndex {
  readonly schema: 'RunIndex.v0';
  readonly run_id: string;
  readonly tick: number;
  readonly refs: { readonly trendpack: string };
  readonly hashes: { readonly trendpack_sha256: string };
  readonly tags: readonly string[];
  readonly provenance: { readonly engine: 'abraxas'; readonly mode: string };
  readonly stats: TrendPackStats;
}

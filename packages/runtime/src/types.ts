/**
 * The shapes of @abraxas/runtime: option objects (camelCase) and the records it returns or writes
 * (snake_case, one shape in memory and on disk, per the project's naming convention).
 * Owns: types only. Must not: hold logic.
 */
import type { ArtifactStore } from '@abraxas/artifacts';
import type { Budget, DeepReadonly, TaskResult } from '@abraxas/ers';
import type { PromotionStage, StagePolicy } from '@abraxas/ers/promotion';
import type { PromotionRecord } from './promotion/record.js';
import type { SealResultsOptions } from './records/results-pack.js';
import type { RunHeaderOptions } from './run-header/record.js';

/** A forecast pipeline step: receives the tick's context (mutable), returns any value or a promise. */
export type PipelineStep<C extends object = Record<string, unknown>> = (ctx: C) => unknown;

/** A shadow task: receives a deep read-only view of the context (a write is that task's error). */
export type ShadowTask<C extends object = Record<string, unknown>> = (ctx: DeepReadonly<C>) => unknown;

/** The three forecast steps, in the order they run. */
export type ForecastStep = 'signal' | 'compress' | 'overlay';

/** Ops cost of the forecast steps: one number for all three, or per step (missing steps cost 10). */
export type ForecastCostOps = number | { readonly [S in ForecastStep]?: number };

/** Ops cost of the shadow tasks: one number for all, or per task name (missing names cost 2). */
export type ShadowCostOps = number | { readonly [name: string]: number };

/** Costs, budgets and shadow concurrency of a tick; every field defaults to the reference's. */
export interface TickCosts {
  /** Forecast lane budget; default `new Budget({ ops: 50, entropy: 0 })`. */
  readonly budgetForecast?: Budget;
  /** Shadow lane budget; default `new Budget({ ops: 20, entropy: 0 })`. */
  readonly budgetShadow?: Budget;
  /** Ops cost of each forecast step; default 10. */
  readonly forecastCostOps?: ForecastCostOps;
  /** Ops cost of each shadow task; default 2. */
  readonly shadowCostOps?: ShadowCostOps;
  /**
   * How many shadow tasks may be in flight at once: a positive safe integer, default 1. The trace,
   * results and TrendPack are the same for every value; only the tick's duration changes.
   */
  readonly shadowConcurrency?: number;
}

/**
 * The work of one tick: its number, context and pipeline functions. `C` is the context type (the
 * forecast steps get it, shadow tasks and metrics a `DeepReadonly<C>`); `S` the shadow task names.
 */
export interface TickWork<C extends object = Record<string, unknown>, S extends string = string> extends TickCosts {
  /** The tick: a non-negative safe integer. */
  readonly tick: number;
  /** Shared context: forecast steps see it as is, shadow tasks read-only. */
  readonly context: C;
  readonly runSignal: PipelineStep<C>;
  readonly runCompress: PipelineStep<C>;
  readonly runOverlay: PipelineStep<C>;
  /** Shadow tasks by name; each runs as `shadow:<name>` (priority 0, in name order). */
  readonly runShadowTasks?: { readonly [name in S]: ShadowTask<C> };
  /**
   * This tick's ops cost of the run's metric tasks: one number for every metric, or per metric name
   * (each a metric of the run); default the metric's `costOps`.
   */
  readonly metricCostOps?: MetricCostOps;
}

/**
 * A candidate metric: a function of the tick's context that returns a value. It runs as the task
 * `metric:<name>` in the lane its promotion stage gives (`candidate`/`shadow`: shadow lane, after the
 * shadow tasks; `canary`/`promoted`: forecast lane, after the three steps), always on a read-only
 * view of the context. Only a promoted metric's value is consumed (`TickResult.promotion.consumed`).
 */
export interface MetricSpec<C extends object = Record<string, unknown>> {
  /** Computes the metric (sync or async). Must be deterministic: the invariance gate re-runs it. */
  fn(ctx: DeepReadonly<C>): unknown;
  /** Ops cost of the metric's task in either lane; default 2 (the reference's shadow task cost). */
  readonly costOps?: number;
  /** Stage of a metric the run's ledger has no decision for yet; default `'candidate'`. */
  readonly initialStage?: PromotionStage;
}

/** Ops cost of the metric tasks: one number for all, or per metric name. */
export type MetricCostOps = number | { readonly [name: string]: number };

/** Overrides of `DEFAULT_PROMOTION_POLICY` (from `@abraxas/ers/promotion`), as `promotionPolicy()` takes them. */
export type PromotionPolicyInput = { readonly [S in PromotionStage]?: StagePolicy } & { readonly max_cost_percent?: number };

/** Candidate metrics of a run and how they earn promotion. */
export interface PromotionOptions<C extends object = Record<string, unknown>, M extends string = string> {
  /** Candidate metrics by name (a non-empty name; the task is `metric:<name>`). */
  readonly metrics?: { readonly [name in M]: MetricSpec<C> };
  /** Promotion windows and cost share; default `DEFAULT_PROMOTION_POLICY`. */
  readonly promotionPolicy?: PromotionPolicyInput;
  /**
   * Runs of the per-tick invariance gate over the metric tasks (the tick itself and `n - 1`
   * re-runs of its metric tasks); an integer from 2 to 1000, default 12.
   */
  readonly invarianceRuns?: number;
}

/** Where a run lives and how it is labelled. */
export interface RunIdentity {
  /** The run id (1-128 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit, no `..`). */
  readonly runId: string;
  /** Execution mode recorded in the provenance, e.g. `live`, `test`, `backtest`: a non-empty string. */
  readonly mode: string;
  /**
   * The artifacts folder (created if needed). Hashed files store paths relative to it. Give this
   * or `store`, not both.
   */
  readonly artifactsDir?: string;
  /** Any backend of the storage contract (`ArtifactStore`), instead of `artifactsDir`. */
  readonly store?: ArtifactStore;
  /**
   * fsync every artifact and ledger write before it resolves (default true). With false a write
   * survives a killed process but not a power loss. Only with `artifactsDir` (a `store` keeps its own).
   */
  readonly fsync?: boolean;
}

/** The records a run seals beyond the TrendPack and the RunIndex. */
export interface RunRecordOptions {
  /**
   * Seal each tick's task results as a `ResultsPack.v0` (`results/<run_id>/<tick:06d>.results.json`,
   * cited by the RunIndex): `true` for the defaults, or `{ values, maxValueBytes, maxPackBytes }`.
   * Default false (no pack: the run's tree is what it was without this option).
   */
  readonly sealResults?: boolean | SealResultsOptions;
  /**
   * Seal the run's `RunHeader.v0` (`header/<run_id>/run.header.json`, manifest tick 0, cited by
   * every RunIndex): the @abraxas/* package versions, the run's default costs and budgets, its
   * promotion settings, and `fingerprint` (a git sha, a config hash) if given; the environment
   * (runtime, version, platform, arch) only with `environment: true`, which makes the run's tree
   * depend on the machine. `true` for a header with neither. Resuming the run with a different
   * header is refused, naming every differing field. Default false (no header).
   */
  readonly runHeader?: boolean | RunHeaderOptions;
}

/**
 * Options of `abraxasTick`. With `metrics`, the tick reads the previous promotion decision from the
 * run's ledger, applies this tick's evidence and writes the tick's decision record.
 */
export interface AbraxasTickOptions<C extends object = Record<string, unknown>, S extends string = string, M extends string = string>
  extends RunIdentity,
    TickWork<C, S>,
    PromotionOptions<C, M>,
    RunRecordOptions {}

/** Options of `openRun`: the run, default costs and budgets for its ticks, and its candidate metrics. */
export interface OpenRunOptions<C extends object = Record<string, unknown>, M extends string = string>
  extends RunIdentity,
    TickCosts,
    PromotionOptions<C, M>,
    RunRecordOptions {}

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
  /** The tick's promotion decision record (only in a run with metrics). */
  readonly promotion?: string;
  readonly promotion_sha256?: string;
  /** The tick's ResultsPack (only in a run with `sealResults`). */
  readonly results?: string;
  readonly results_sha256?: string;
  /** The run's header (only in a run with `runHeader`). */
  readonly header?: string;
  readonly header_sha256?: string;
}

/** The names of a tick's tasks: the three steps, `shadow:<name>` for each shadow task, `metric:<name>` for each metric. */
export type TickTaskName<S extends string = string, M extends string = string> =
  | 'oracle:signal'
  | 'oracle:compress'
  | 'oracle:overlay'
  | `shadow:${S}`
  | `metric:${M}`;

/**
 * Task results keyed by task name: the three steps always, and `shadow:<name>` / `metric:<name>`
 * for the names the call declares. With literal names (the usual object literal) those keys exactly,
 * so `results['shadow:sei'].status` compiles and a misspelt name does not; with names only known
 * at run time, an index by `shadow:${string}` and `metric:${string}`.
 */
export type TickResults<S extends string = string, M extends string = string> = { readonly [K in TickTaskName<S, M>]: TaskResult };

/**
 * The outcome of one tick, as the reference's `abraxas_tick` returns it. Everything is plain data;
 * `results[name].value` is what the task returned, unchanged (it is never written to disk).
 * `S` and `M` are the tick's shadow task and metric names (see `TickResults`).
 */
export interface TickResult<S extends string = string, M extends string = string> {
  readonly tick: number;
  readonly run_id: string;
  readonly mode: string;
  /** Task results keyed by task name (`oracle:signal`, …, `shadow:<name>`, `metric:<name>`). */
  readonly results: TickResults<S, M>;
  readonly remaining: { readonly forecast: BudgetRecord; readonly shadow: BudgetRecord };
  readonly artifacts: TickArtifacts;
  /** The tick's promotion decisions and consumed metric values (only in a run with metrics). */
  readonly promotion?: TickPromotion;
}

/** The outcome of a tick in a run with metrics: `promotion` and the decision record's artifact are always there. */
export type PromotedTickResult<S extends string = string, M extends string = string> = TickResult<S, M> & {
  readonly artifacts: TickArtifacts & { readonly promotion: string; readonly promotion_sha256: string };
  readonly promotion: TickPromotion;
};

/**
 * What a tick returns: a `PromotedTickResult` when the metric names are known literals (the run has
 * metrics, so every tick has a decision record), else a `TickResult` whose `promotion` may be absent.
 */
export type TickOutcome<S extends string = string, M extends string = string> = string extends M
  ? TickResult<S, M>
  : [M] extends [never]
    ? TickResult<S, M>
    : PromotedTickResult<S, M>;

/** What the promotion lifecycle did in one tick. */
export interface TickPromotion {
  /** The decision record, as written to `promotion/<run_id>/<tick:06d>.promotion.json`. */
  readonly record: PromotionRecord;
  /**
   * Values of the metrics that ran as `promoted` this tick and returned `ok`, by metric name: the
   * only metric values the pipeline may consume. Candidate, shadow and canary values stay in
   * `results['metric:<name>']`, observed but never handed on.
   */
  readonly consumed: { readonly [metric: string]: unknown };
}

/**
 * The data shapes of ERS v0.2. Records that the spec shows as JSON or that are hashed keep the
 * spec's snake_case field names (`TraceEvent`, `TaskResult`); option objects are camelCase.
 * Owns: types only. Must not: hold logic.
 */
import type { Budget } from './budget.js';
import type { DeepReadonly } from './deep-readonly.js';

/** The two scheduling lanes: forecast runs first; shadow is observation-only. */
export type Lane = 'forecast' | 'shadow';

/** Outcome of one task in one tick. `not_computable` is a value status used by rune bindings. */
export type Status = 'ok' | 'skipped_budget' | 'error' | 'not_computable';

/** A JSON value, as stored in trace `meta` and other hashed records. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The default context type: any object with string keys. Give your own as the type parameter
 * `Ctx` of `DeterministicScheduler`, `bindCallable` and the records below.
 */
export type DefaultContext = Record<string, unknown>;

/** The context a task of `lane` receives: the context itself in the forecast lane, a deep read-only view in the shadow lane. */
export type TaskContext<Ctx extends object = DefaultContext, L extends Lane = Lane> = L extends 'forecast' ? Ctx : DeepReadonly<Ctx>;

/** A task function: given the tick's context, returns any value (or a promise, for `runTickAsync`). */
export type TaskFn<Ctx extends object = DefaultContext, L extends Lane = Lane> = (ctx: TaskContext<Ctx, L>) => unknown;

interface TaskSpecFields<N extends string> {
  readonly name: N;
  /** Lower runs earlier within a lane. */
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy: number;
  readonly tags: readonly string[];
}

/** A forecast-lane task: its function may read and write the context. */
export interface ForecastTaskSpec<Ctx extends object = DefaultContext, N extends string = string> extends TaskSpecFields<N> {
  readonly lane: 'forecast';
  readonly fn: TaskFn<Ctx, 'forecast'>;
}

/** A shadow-lane task: its function sees a deep read-only view of the context. */
export interface ShadowTaskSpec<Ctx extends object = DefaultContext, N extends string = string> extends TaskSpecFields<N> {
  readonly lane: 'shadow';
  readonly fn: TaskFn<Ctx, 'shadow'>;
}

/**
 * A deterministic task, as produced by `bindCallable` / `bindRuneInvoke`: named `N`, for contexts
 * of type `Ctx`; the lane decides what its function may do with the context.
 */
export type TaskSpec<Ctx extends object = DefaultContext, N extends string = string> = ForecastTaskSpec<Ctx, N> | ShadowTaskSpec<Ctx, N>;

/** One entry of the execution trace (the hashed record). */
export interface TraceEvent {
  readonly tick: number;
  readonly task: string;
  readonly lane: Lane;
  readonly status: Status;
  readonly cost_ops: number;
  readonly cost_entropy: number;
  readonly meta: { readonly [key: string]: JsonValue };
}

/** What happened to one task in one tick. Skipped tasks report zero costs. */
export interface TaskResult {
  readonly name: string;
  readonly lane: Lane;
  readonly status: Status;
  readonly value: unknown;
  readonly error: string | null;
  readonly cost_ops: number;
  readonly cost_entropy: number;
}

/** Options of `DeterministicScheduler.runTick` / `runTickAsync`. */
export interface RunTickOptions<Ctx extends object = DefaultContext> {
  readonly tick: number;
  readonly budgetForecast: Budget;
  readonly budgetShadow: Budget;
  /** The tick's context: a `Ctx` (any object when `Ctx` is the default `DefaultContext`). */
  readonly context: DefaultContext extends Ctx ? object : Ctx;
}

/** Options of `DeterministicScheduler.runTickAsync`: those of `runTick`, plus the shadow lane's concurrency. */
export interface RunTickAsyncOptions<Ctx extends object = DefaultContext> extends RunTickOptions<Ctx> {
  /**
   * How many shadow tasks may be in flight at once: a positive safe integer, default 1 (one at a
   * time). Trace, results and remaining budgets are the same for every value.
   */
  readonly shadowConcurrency?: number;
}

/**
 * Task results keyed by task name. When the task names are known to the type system (a scheduler
 * built by chaining `add`), exactly those keys, so `results['oracle:signal'].status` compiles and a
 * misspelt name does not; otherwise an index by any name.
 */
export type TaskResults<Names extends string = string> = { readonly [K in Names]: TaskResult };

/** The outcome of one tick. */
export interface TickOutput<Names extends string = string> {
  readonly tick: number;
  /** Task results keyed by task name. Iterate `trace` for execution order (a JS object lists integer-like keys first). */
  readonly results: TaskResults<Names>;
  readonly trace: readonly TraceEvent[];
  readonly remaining: { readonly forecast: Budget; readonly shadow: Budget };
}

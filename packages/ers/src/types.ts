/**
 * The data shapes of ERS v0.2. Records that the spec shows as JSON or that are hashed keep the
 * spec's snake_case field names (`TraceEvent`, `TaskResult`); option objects are camelCase.
 * Owns: types only. Must not: hold logic.
 */
import type { Budget } from './budget.js';

/** The two scheduling lanes: forecast runs first; shadow is observation-only. */
export type Lane = 'forecast' | 'shadow';

/** Outcome of one task in one tick. `not_computable` is a value status used by rune bindings. */
export type Status = 'ok' | 'skipped_budget' | 'error' | 'not_computable';

/** A JSON value, as stored in trace `meta` and other hashed records. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The context a task function receives (read-only for shadow tasks). */
export type TaskContext = Readonly<Record<string, unknown>>;

/** A task function: given the tick's context, returns any value (or a promise, for `runTickAsync`). */
export type TaskFn = (ctx: TaskContext) => unknown;

/** A deterministic task, as produced by `bindCallable` / `bindRuneInvoke`. */
export interface TaskSpec {
  readonly name: string;
  readonly lane: Lane;
  /** Lower runs earlier within a lane. */
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy: number;
  readonly fn: TaskFn;
  readonly tags: readonly string[];
}

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
export interface RunTickOptions {
  readonly tick: number;
  readonly budgetForecast: Budget;
  readonly budgetShadow: Budget;
  readonly context: object;
}

/** The outcome of one tick. */
export interface TickOutput {
  readonly tick: number;
  /** Task results keyed by task name. Iterate `trace` for execution order (a JS object lists integer-like keys first). */
  readonly results: Readonly<Record<string, TaskResult>>;
  readonly trace: readonly TraceEvent[];
  readonly remaining: { readonly forecast: Budget; readonly shadow: Budget };
}

/**
 * The shapes of invariance scenarios. A declarative scenario is the on-disk JSON record (snake_case
 * field names, the golden vectors' `gate` format), normalised: `tick` becomes `ticks`, omitted
 * optional fields get their defaults. A loaded scenario is anything that can build a trace for run i.
 * Owns: types only. Must not: hold logic.
 */
import type { JsonValue, Lane, TraceEvent } from '@abraxas/ers';

/** What a declarative task does when it runs: return `{ ok: true }` or throw `Boom: deliberate failure`. */
export type TaskOutcome = 'ok' | 'throw';

/** A per-run override may also leave the task out of that run. */
export type RunOutcome = TaskOutcome | 'absent';

export interface ScenarioBudget {
  readonly ops: number;
  readonly entropy: number;
}

export interface ScenarioTask {
  readonly name: string;
  readonly lane: Lane;
  readonly priority: number;
  readonly cost_ops: number;
  readonly cost_entropy: number;
  readonly tags: readonly string[];
  readonly outcome: TaskOutcome;
}

/** A validated, normalised declarative scenario (the JSON scenario file format). */
export interface ScenarioDefinition {
  readonly id: string;
  readonly description: string | null;
  /** Ticks run in this order by one scheduler per run; the run's trace is their concatenation. */
  readonly ticks: readonly number[];
  readonly budget_forecast: ScenarioBudget;
  readonly budget_shadow: ScenarioBudget;
  readonly context: { readonly [key: string]: JsonValue };
  /** Task functions return promises and ticks run through `runTickAsync`. */
  readonly async: boolean;
  /** The scenario's own run count (the CLI's `--runs` wins), or null for the default 12. */
  readonly runs: number | null;
  readonly tasks: readonly ScenarioTask[];
  /** Entry i overrides task outcomes in run i (0-based); runs past the end use `tasks` as given. */
  readonly per_run_outcomes: readonly Readonly<Record<string, RunOutcome>>[];
}

/** Where a scenario comes from. Paths are absolute; `label` is what reports show. */
export type ScenarioSource =
  | { readonly kind: 'builtin'; readonly label: string }
  | { readonly kind: 'json'; readonly path: string; readonly label: string }
  | { readonly kind: 'module'; readonly path: string; readonly label: string };

/** Builds the trace of run `runIndex` (sync or async). */
export type MakeTrace = (runIndex: number) => Promise<readonly TraceEvent[]> | readonly TraceEvent[];

/** A scenario ready to run. */
export interface LoadedScenario {
  /** Stable id: the lock key. Never a machine path. */
  readonly id: string;
  readonly source: ScenarioSource;
  /** The declarative definition, or null for a module scenario. */
  readonly definition: ScenarioDefinition | null;
  /** The scenario's own run count, or null. */
  readonly runs: number | null;
  readonly makeTrace: MakeTrace;
}

/**
 * The TrendPack v0.1 record: the spec's visualisation format for one tick of one run. It is
 * hashed and written to disk, so its fields keep the spec's snake_case names verbatim.
 * Owns: TrendPack types only. Must not: hold logic.
 */
import type { JsonValue, Lane, Status } from '@abraxas/ers';

/** A JSON object, as held by trace `meta` and TrendPack `provenance`. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** The only TrendPack version this package reads and writes. */
export type TrendPackVersion = '0.1';

/** One trace event on the tick's timeline, in execution order (the event without its `tick`). */
export interface TrendPackEvent {
  readonly task: string;
  readonly lane: Lane;
  readonly status: Status;
  readonly cost_ops: number;
  readonly cost_entropy: number;
  readonly meta: JsonObject;
}

/** What one lane spent in the tick: the costs of every event that was not skipped. */
export interface TrendPackLaneBudget {
  readonly spent_ops: number;
  readonly spent_entropy: number;
}

/** An event whose task threw (status `error`). The spec records no entropy cost here. */
export interface TrendPackError {
  readonly task: string;
  readonly lane: Lane;
  readonly cost_ops: number;
  readonly meta: JsonObject;
}

/** An event skipped because its lane's remaining budget could not pay for it. */
export interface TrendPackSkip {
  readonly task: string;
  readonly lane: Lane;
  readonly cost_ops: number;
  readonly cost_entropy: number;
}

/** Summary counts of the tick. */
export interface TrendPackStats {
  readonly total_events: number;
  readonly forecast_events: number;
  readonly shadow_events: number;
  readonly errors: number;
  readonly skipped: number;
  readonly ok_events: number;
}

/** TrendPack v0.1: one tick of one run, denormalised for lane timelines, budget charts and error views. */
export interface TrendPack {
  readonly version: TrendPackVersion;
  readonly run_id: string;
  readonly tick: number;
  readonly provenance: JsonObject;
  readonly timeline: readonly TrendPackEvent[];
  readonly budget: { readonly forecast: TrendPackLaneBudget; readonly shadow: TrendPackLaneBudget };
  readonly errors: readonly TrendPackError[];
  readonly skipped: readonly TrendPackSkip[];
  readonly stats: TrendPackStats;
}

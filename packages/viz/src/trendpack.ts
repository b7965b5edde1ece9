/**
 * `ersTraceToTrendpack`: the pure transformer from one tick's ERS trace to TrendPack v0.1, field for
 * field as the reference builds it: the timeline is the trace in execution order without `tick`;
 * each lane's budget sums the costs of every event that was not skipped; `errors` and `skipped`
 * pick out those events in trace order; `provenance` defaults to `{}`.
 * Owns: building TrendPacks. Must not: hash, serialise or write them (see @abraxas/artifacts).
 */
import { isNonNegativeSafeInt } from '@abraxas/internal';
import type { Lane, TraceEvent } from '@abraxas/ers';
import { VizValidationError } from './errors.js';
import type {
  JsonObject,
  TrendPack,
  TrendPackError,
  TrendPackEvent,
  TrendPackLaneBudget,
  TrendPackSkip,
  TrendPackStats,
} from './types.js';
import {
  cloneJsonObject,
  isPlainObject,
  isWellFormed,
  STATUSES,
  requireArray,
  requireLane,
  requireName,
  requireNonNegativeInt,
  requireObject,
  requireStatus,
} from './validate.js';

/** Options of `ersTraceToTrendpack`. */
export interface ErsTraceToTrendpackOptions {
  /** One tick's trace, as `DeterministicScheduler.runTick(...).trace` gives it. */
  readonly trace: readonly TraceEvent[];
  /** The run's identifier: a non-empty string. */
  readonly runId: string;
  /** The tick: a non-negative safe integer, equal to every event's `tick`. */
  readonly tick: number;
  /** Provenance recorded in the pack, e.g. `{ engine: 'abraxas', mode, ers: 'v0.2' }`; default `{}`. */
  readonly provenance?: JsonObject | null;
}

const FN = 'ersTraceToTrendpack';

/**
 * Builds the TrendPack v0.1 of one tick's trace. The result is fresh plain data: it shares no
 * object with the input, and `canonicalJsonBytes(pack)` gives the reference's exact bytes.
 *
 * Beyond the reference, input is validated (`VizValidationError`, naming the field and rule): every
 * event must be a well-formed trace event of `tick`, task names must be unique within the tick, and
 * `provenance` and each `meta` must be plain JSON that canonical JSON can hold exactly.
 */
export function ersTraceToTrendpack(options: ErsTraceToTrendpackOptions): TrendPack {
  requireObject(FN, 'options', options);
  const { trace, runId, tick, provenance } = options;
  requireName(FN, 'runId', runId);
  requireNonNegativeInt(FN, 'tick', tick);
  const prov = provenance === undefined || provenance === null ? {} : cloneJsonObject(FN, 'provenance', provenance);
  requireArray(FN, 'trace', trace, 'trace events');
  // Indexed, not `map`: a hole in a sparse array is a bad event, not a skipped one.
  const timeline = Array.from({ length: trace.length }, (_, i) => timelineEvent(trace[i], i, tick));
  requireUniqueTasks(FN, 'trace', timeline);
  return assembleTrendpack(FN, 'trace', runId, tick, prov, timeline);
}

/**
 * The pack for an already validated timeline: derives `budget`, `errors`, `skipped` and `stats`.
 * `timelineField` names the input the events came from, for the overflow error.
 */
export function assembleTrendpack(
  fn: string,
  timelineField: string,
  runId: string,
  tick: number,
  provenance: JsonObject,
  timeline: readonly TrendPackEvent[],
): TrendPack {
  const errors: TrendPackError[] = [];
  const skipped: TrendPackSkip[] = [];
  const spent = { forecast: { ops: 0, entropy: 0 }, shadow: { ops: 0, entropy: 0 } };
  let forecastEvents = 0;
  let okEvents = 0;
  for (const e of timeline) {
    if (e.lane === 'forecast') forecastEvents++;
    if (e.status === 'ok') okEvents++;
    if (e.status === 'skipped_budget') {
      skipped.push({ task: e.task, lane: e.lane, cost_ops: e.cost_ops, cost_entropy: e.cost_entropy });
      continue;
    }
    // Every event that was not skipped spent its costs (ok and error alike), as in the reference.
    const lane = spent[e.lane];
    lane.ops += e.cost_ops;
    lane.entropy += e.cost_entropy;
    if (e.status === 'error') {
      errors.push({ task: e.task, lane: e.lane, cost_ops: e.cost_ops, meta: cloneJsonObject(fn, 'meta', e.meta) });
    }
  }
  const stats: TrendPackStats = {
    total_events: timeline.length,
    forecast_events: forecastEvents,
    shadow_events: timeline.length - forecastEvents,
    errors: errors.length,
    skipped: skipped.length,
    ok_events: okEvents,
  };
  return {
    version: '0.1',
    run_id: runId,
    tick,
    provenance,
    timeline,
    budget: {
      forecast: laneBudget(fn, timelineField, 'forecast', spent.forecast),
      shadow: laneBudget(fn, timelineField, 'shadow', spent.shadow),
    },
    errors,
    skipped,
    stats,
  };
}

/** Throws unless every task name occurs once in the tick (the scheduler rejects duplicates). */
export function requireUniqueTasks(fn: string, field: string, timeline: readonly TrendPackEvent[]): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < timeline.length; i++) {
    const task = (timeline[i] as TrendPackEvent).task;
    const first = seen.get(task);
    if (first !== undefined) {
      throw new VizValidationError(fn, `${field}[${i}].task`, `must be unique within a tick (also at ${field}[${first}])`, task);
    }
    seen.set(task, i);
  }
}

function timelineEvent(event: unknown, i: number, tick: number): TrendPackEvent {
  if (!isWellFormedEvent(event, tick)) explainBadEvent(event, i, tick);
  return {
    task: event.task,
    lane: event.lane,
    status: event.status,
    cost_ops: event.cost_ops,
    cost_entropy: event.cost_entropy,
    meta: cloneJsonObject(FN, `trace[${String(i)}].meta`, event.meta),
  };
}

/** The per-event check without building field names (this runs once per event); `meta` is checked by its copy. */
function isWellFormedEvent(e: unknown, tick: number): e is TraceEvent {
  if (!isPlainObject(e)) return false;
  const { task, lane, status, cost_ops: ops, cost_entropy: entropy } = e;
  return (
    Object.is(e.tick, tick) &&
    typeof task === 'string' &&
    task.length > 0 &&
    isWellFormed(task) &&
    (lane === 'forecast' || lane === 'shadow') &&
    (STATUSES as readonly unknown[]).includes(status) &&
    isNonNegativeSafeInt(ops) &&
    isNonNegativeSafeInt(entropy)
  );
}

/** Throws the `VizValidationError` that names what is wrong with a malformed event. */
function explainBadEvent(event: unknown, i: number, tick: number): never {
  const at = `trace[${String(i)}]`;
  if (!isPlainObject(event)) throw new VizValidationError(FN, at, 'must be a trace event object', event);
  requireNonNegativeInt(FN, `${at}.tick`, event.tick);
  if (event.tick !== tick) throw new VizValidationError(FN, `${at}.tick`, `must equal tick (${String(tick)})`, event.tick);
  requireName(FN, `${at}.task`, event.task);
  requireLane(FN, `${at}.lane`, event.lane);
  requireStatus(FN, `${at}.status`, event.status);
  requireNonNegativeInt(FN, `${at}.cost_ops`, event.cost_ops);
  requireNonNegativeInt(FN, `${at}.cost_entropy`, event.cost_entropy);
  throw new VizValidationError(FN, at, 'must be a trace event', event);
}

function laneBudget(fn: string, field: string, lane: Lane, spent: { ops: number; entropy: number }): TrendPackLaneBudget {
  if (!Number.isSafeInteger(spent.ops) || !Number.isSafeInteger(spent.entropy)) {
    throw new VizValidationError(fn, field, `must have ${lane} costs that sum to a safe integer`);
  }
  return { spent_ops: spent.ops, spent_entropy: spent.entropy };
}

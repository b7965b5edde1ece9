/**
 * `validateTrendPack`: checks that a value (typically parsed from a `.trendpack.json` file) is a
 * TrendPack v0.1 exactly as `ersTraceToTrendpack` would have built it, and returns a fresh copy.
 * The derived fields (`budget`, `errors`, `skipped`, `stats`) must equal what the timeline implies.
 * Owns: reading TrendPacks from untrusted data. Must not: repair a pack or do IO.
 */
import { canonicalJson } from '@abraxas/ers';
import { VizValidationError } from './errors.js';
import { assembleTrendpack, requireUniqueTasks } from './trendpack.js';
import type { TrendPack, TrendPackEvent } from './types.js';
import {
  cloneJsonObject,
  requireArray,
  requireExactKeys,
  requireLane,
  requireName,
  requireNonNegativeInt,
  requirePlainObject,
  requireStatus,
} from './validate.js';

const PACK_KEYS = ['version', 'run_id', 'tick', 'provenance', 'timeline', 'budget', 'errors', 'skipped', 'stats'] as const;
const EVENT_KEYS = ['task', 'lane', 'status', 'cost_ops', 'cost_entropy', 'meta'] as const;
const DERIVED_KEYS = ['budget', 'errors', 'skipped', 'stats'] as const;

/**
 * Returns a fresh copy of `value` if it is a TrendPack v0.1 that is consistent with its own
 * timeline; throws `VizValidationError` naming the first offending field otherwise.
 */
export function validateTrendPack(value: unknown): TrendPack {
  return checkTrendPack('validateTrendPack', 'pack', value);
}

/** `validateTrendPack` for internal callers, whose errors name their own function and field. */
export function checkTrendPack(fn: string, field: string, value: unknown): TrendPack {
  requirePlainObject(fn, field, value);
  requireExactKeys(fn, field, value, PACK_KEYS);
  if (value.version !== '0.1') throw new VizValidationError(fn, `${field}.version`, "must be '0.1'", value.version);
  requireName(fn, `${field}.run_id`, value.run_id);
  requireNonNegativeInt(fn, `${field}.tick`, value.tick);
  const provenance = cloneJsonObject(fn, `${field}.provenance`, value.provenance);
  const timelineField = `${field}.timeline`;
  requireArray(fn, timelineField, value.timeline, 'TrendPack events');
  const events = value.timeline;
  const timeline = Array.from({ length: events.length }, (_, i) => packEvent(fn, `${timelineField}[${String(i)}]`, events[i]));
  requireUniqueTasks(fn, timelineField, timeline);
  const pack = assembleTrendpack(fn, timelineField, value.run_id, value.tick, provenance, timeline);
  for (const key of DERIVED_KEYS) {
    if (!sameJson(value[key], pack[key])) {
      throw new VizValidationError(fn, `${field}.${key}`, 'must equal what the timeline implies (TrendPack v0.1)');
    }
  }
  return pack;
}

function packEvent(fn: string, at: string, e: unknown): TrendPackEvent {
  requirePlainObject(fn, at, e);
  requireExactKeys(fn, at, e, EVENT_KEYS);
  requireName(fn, `${at}.task`, e.task);
  requireLane(fn, `${at}.lane`, e.lane);
  requireStatus(fn, `${at}.status`, e.status);
  requireNonNegativeInt(fn, `${at}.cost_ops`, e.cost_ops);
  requireNonNegativeInt(fn, `${at}.cost_entropy`, e.cost_entropy);
  return {
    task: e.task,
    lane: e.lane,
    status: e.status,
    cost_ops: e.cost_ops,
    cost_entropy: e.cost_entropy,
    meta: cloneJsonObject(fn, `${at}.meta`, e.meta),
  };
}

/** True when both values have the same canonical JSON; a value JSON cannot hold is never the same. */
function sameJson(given: unknown, expected: unknown): boolean {
  let text: string;
  try {
    text = canonicalJson(given);
  } catch {
    return false;
  }
  return text === canonicalJson(expected);
}

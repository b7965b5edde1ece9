/**
 * The structure a `PromotionDecision.v0` record must have for its states to be resumed from or
 * replayed (its run, tick, and per metric, by name, well-formed states before and after the tick).
 * Owns: record structure checks. Must not: read, write, or judge decisions (replay.ts does).
 */
import { compareCodePoints } from '@abraxas/ers';
import { PROMOTION_STAGES, type PromotionState } from '@abraxas/ers/promotion';
import { PromotionRecordError } from './errors.js';
import { PROMOTION_SCHEMA } from './promotion-record.js';
import type { PromotionRecord } from './types.js';
import { isPlainObject } from './validate.js';

/**
 * `doc` as the decision record of `runId` at `tick`: checks the header and, per metric (sorted by
 * name, no repeats), a name and well-formed `state_before` and `state` of that metric.
 */
export function checkPromotionRecord(fn: string, relPath: string, doc: unknown, runId: string, tick: number): PromotionRecord {
  const bad = (detail: string, metric: string | null = null): PromotionRecordError => new PromotionRecordError(fn, relPath, detail, metric);
  if (!isPlainObject(doc) || doc.schema !== PROMOTION_SCHEMA || doc.run_id !== runId || doc.tick !== tick) {
    throw bad(`is not the ${PROMOTION_SCHEMA} record of run ${JSON.stringify(runId)} tick ${tick}`);
  }
  if (!Array.isArray(doc.metrics)) throw bad('has no metrics array');
  let previous: string | null = null;
  for (const [i, m] of (doc.metrics as unknown[]).entries()) {
    if (!isPlainObject(m) || typeof m.metric !== 'string' || m.metric.length === 0) throw bad(`metrics[${i}] has no metric name`);
    const metric = m.metric;
    if (previous !== null && compareCodePoints(previous, metric) >= 0) throw bad('metrics are not sorted by name without repeats', metric);
    previous = metric;
    checkState(fn, relPath, metric, 'state_before', m.state_before);
    checkState(fn, relPath, metric, 'state', m.state);
    // A decision at tick t leaves last_tick = t, and started from a state decided before t.
    if (m.state.last_tick !== tick) throw bad(`state.last_tick is not the record's tick ${tick}`, metric);
    if (m.state_before.last_tick !== null && m.state_before.last_tick >= tick) throw bad(`state_before.last_tick is not before tick ${tick}`, metric);
  }
  return doc as unknown as PromotionRecord;
}

function checkState(fn: string, relPath: string, metric: string, field: string, s: unknown): asserts s is PromotionState {
  const bad = (rule: string): PromotionRecordError => new PromotionRecordError(fn, relPath, `${field} ${rule}`, metric);
  const tickOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!isPlainObject(s)) throw bad('is not a promotion state');
  if (s.metric !== metric) throw bad('names another metric');
  if (!(PROMOTION_STAGES as readonly unknown[]).includes(s.stage)) throw bad(`has no valid stage (${PROMOTION_STAGES.join(', ')})`);
  if (!count(s.qualifying_streak) || !count(s.failing_streak)) throw bad('has no valid streaks');
  if (!tickOrNull(s.entered_tick) || !tickOrNull(s.last_tick)) throw bad('has no valid entered_tick / last_tick');
}

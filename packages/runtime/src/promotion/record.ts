/**
 * `PromotionDecision.v0` (kind `promotion`, JSON Schema `schemas/promotion-decision.v0.schema.json`):
 * per metric, the state a tick started from, its evidence, the gate's verdict and the decision,
 * reason and new state, enough to replay every state from the record alone.
 * Owns: the record's type, path rule, builder and structure check. Must not: do IO or judge decisions (replay.ts does).
 */
import { tickFileName } from '@abraxas/artifacts';
import { compareCodePoints } from '@abraxas/internal';
import { type Lane } from '@abraxas/ers';
import { PROMOTION_STAGES, type PromotionDecisionKind, type PromotionEvidence, type PromotionPolicy, type PromotionState } from '@abraxas/ers/promotion';
import { PromotionRecordError } from '../errors.js';
import { isPlainObject } from '../validate.js';

export const PROMOTION_KIND = 'promotion';
export const PROMOTION_SCHEMA = 'PromotionDecision.v0';

/** The per-tick invariance gate's verdict on one metric task. */
export interface MetricGateRecord {
  /** Runs compared: the tick itself and `runs - 1` re-runs of its metric tasks. */
  readonly runs: number;
  /** SHA-256 of the metric's gate trace in the tick itself (run 0). */
  readonly expected_hash: string;
  /** The first run whose trace differed from run 0, or null when all were identical. */
  readonly first_mismatch_index: number | null;
}

/** One metric's decision in one tick (an element of `PromotionRecord.metrics`). */
export interface MetricDecisionRecord {
  readonly metric: string;
  /** `metric:<metric>`. */
  readonly task: string;
  /** The lane the task ran in this tick: `laneForStage(state_before.stage)`. */
  readonly lane: Lane;
  /** Whether its value was handed to the pipeline: it ran as `promoted` and returned `ok`. */
  readonly consumed: boolean;
  /** The state the tick started from (the previous decision's `state`, or an initial state). */
  readonly state_before: PromotionState;
  /** What the tick said about the metric; `status` is `absent` when the tick did not run it. */
  readonly evidence: PromotionEvidence;
  /** The invariance gate's verdict (`evidence.invariant`), null when the metric was absent. */
  readonly gate: MetricGateRecord | null;
  readonly decision: PromotionDecisionKind;
  readonly reason: string;
  /** `decidePromotion(state_before, evidence, policy).state`: where the next tick starts. */
  readonly state: PromotionState;
}

/**
 * `PromotionDecision.v0`, one per tick of a run with metrics, at
 * `promotion/<run_id>/<tick:06d>.promotion.json` (kind `promotion`). Replaying the records from
 * their recorded evidence with `decidePromotion` gives every state exactly (`replayPromotions`).
 */
export interface PromotionRecord {
  readonly schema: 'PromotionDecision.v0';
  readonly run_id: string;
  readonly tick: number;
  readonly provenance: { readonly engine: 'abraxas'; readonly mode: string };
  /** The complete policy the decisions were taken under (`promotionPolicy(...)`). */
  readonly policy: PromotionPolicy;
  readonly invariance_runs: number;
  /** The tick's TrendPack (relative path), whose events the evidence was taken from. */
  readonly refs: { readonly trendpack: string };
  readonly hashes: { readonly trendpack_sha256: string };
  /** One entry per metric, by name (Unicode code point). */
  readonly metrics: readonly MetricDecisionRecord[];
}

/** `promotion/<runId>/<tick:06d>.promotion.json`: where a run's decision record for a tick lives. */
export function promotionRelPath(runId: string, tick: number): string {
  return `promotion/${runId}/${tickFileName(tick)}.promotion.json`;
}

export function buildPromotionRecord(o: {
  readonly runId: string;
  readonly tick: number;
  readonly mode: string;
  readonly policy: PromotionPolicy;
  readonly invarianceRuns: number;
  readonly trendpackRelPath: string;
  readonly trendpackSha256: string;
  readonly metrics: readonly MetricDecisionRecord[];
}): PromotionRecord {
  return {
    schema: PROMOTION_SCHEMA,
    run_id: o.runId,
    tick: o.tick,
    provenance: { engine: 'abraxas', mode: o.mode },
    policy: o.policy,
    invariance_runs: o.invarianceRuns,
    refs: { trendpack: o.trendpackRelPath },
    hashes: { trendpack_sha256: o.trendpackSha256 },
    metrics: o.metrics,
  };
}

/**
 * `doc` as the decision record of `runId` at `tick`, as far as resuming or replaying its states
 * needs: the header and, per metric (sorted by name, no repeats), a name and well-formed
 * `state_before` and `state` of that metric.
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

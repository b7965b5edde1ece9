/**
 * The run's promotion story as the report and the summary show it, taken from the ledger: the
 * decision records that `replayPromotions` (from @abraxas/runtime) has just proved to replay, folded
 * into one timeline per metric — the stage each tick ran it at, the decision, and why a tick failed.
 * Owns: folding decision records for display. Must not: read files (demo.ts replays) or render.
 */
import { compareCodePoints } from '@abraxas/internal';
import { type Lane } from '@abraxas/ers';
import type { PromotionDecisionKind, PromotionStage } from '@abraxas/ers/promotion';
import type { PromotionRecord } from '@abraxas/runtime';

/** Why a tick did not qualify: its status, a drift across the gate's runs, or its cost share. */
export type FailCause = 'error' | 'skipped_budget' | 'not_computable' | 'absent' | 'drift' | 'cost';

export interface MetricTick {
  readonly tick: number;
  /** The stage the tick ran the metric at. */
  readonly stage: PromotionStage;
  readonly lane: Lane;
  readonly decision: PromotionDecisionKind;
  /** The stage after the decision. */
  readonly next: PromotionStage;
  readonly reason: string;
  /** Why the tick failed, or null when it qualified. */
  readonly fail: FailCause | null;
  /** Whether its value was consumed by the pipeline. */
  readonly consumed: boolean;
}

export interface MetricTimeline {
  readonly metric: string;
  readonly ticks: readonly MetricTick[];
  /** The stage after the last tick. */
  readonly final: PromotionStage;
}

export interface DemoPromotion {
  /** Decisions replayed from the ledger (metrics × ticks). */
  readonly replayed: number;
  /** One timeline per metric, by name. */
  readonly metrics: readonly MetricTimeline[];
}

/** Folds decision records (ascending ticks) into per-metric timelines. */
export function foldPromotion(records: readonly PromotionRecord[]): DemoPromotion {
  const byMetric = new Map<string, MetricTick[]>();
  let replayed = 0;
  for (const r of records) {
    for (const m of r.metrics) {
      replayed++;
      const e = m.evidence;
      const overCost = e.cost_ops * 100 > r.policy.max_cost_percent * e.lane_budget_ops;
      const fail: FailCause | null = e.status !== 'ok' ? e.status : !e.invariant ? 'drift' : overCost ? 'cost' : null;
      const list = byMetric.get(m.metric) ?? [];
      list.push({ tick: r.tick, stage: m.state_before.stage, lane: m.lane, decision: m.decision, next: m.state.stage, reason: m.reason, fail, consumed: m.consumed });
      byMetric.set(m.metric, list);
    }
  }
  const metrics = [...byMetric]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([metric, ticks]) => ({ metric, ticks, final: ticks[ticks.length - 1]?.next ?? 'candidate' }));
  return { replayed, metrics };
}

/**
 * `PromotionDecision.v0`: the record of one tick's promotion decisions, sealed as an artifact
 * (kind `promotion`) at `promotion/<run_id>/<tick:06d>.promotion.json`. For each metric it holds
 * the state the tick started from, the evidence the tick produced (status, cost against the lane
 * budget, invariance), the gate's verdict, and `decidePromotion`'s decision, reason and new state:
 * enough to replay every state from the record alone.
 * Owns: taking evidence from a tick's output and building the record. Must not: do IO.
 */
import { tickFileName } from '@abraxas/artifacts';
import type { Lane, TickOutput } from '@abraxas/ers';
import { decidePromotion, isConsumed, laneForStage, type PromotionEvidence, type PromotionPolicy, type PromotionState } from '@abraxas/ers/promotion';
import { metricTaskName } from './metric-tasks.js';
import type { MetricDecisionRecord, MetricGateRecord, PromotionRecord } from './types.js';

export const PROMOTION_KIND = 'promotion';
export const PROMOTION_SCHEMA = 'PromotionDecision.v0';

/** `promotion/<runId>/<tick:06d>.promotion.json`: where a run's decision record for a tick lives. */
export function promotionRelPath(runId: string, tick: number): string {
  return `promotion/${runId}/${tickFileName(tick)}.promotion.json`;
}

/**
 * The decision for `metric` in the tick `out`: its evidence is the task's trace event (status and
 * cost; `absent` with cost 0 when the tick did not run it), its lane's ops budget, and the gate's verdict.
 */
export function decideMetric(o: {
  readonly metric: string;
  readonly stateBefore: PromotionState;
  readonly out: TickOutput;
  readonly laneBudgetOps: { readonly [L in Lane]: number };
  readonly gate: MetricGateRecord | null;
  readonly policy: PromotionPolicy;
}): MetricDecisionRecord {
  const task = metricTaskName(o.metric);
  const lane = laneForStage(o.stateBefore.stage);
  const event = o.out.trace.find((e) => e.task === task);
  const evidence: PromotionEvidence = {
    tick: o.out.tick,
    status: event?.status ?? 'absent',
    cost_ops: event?.cost_ops ?? 0,
    lane_budget_ops: o.laneBudgetOps[lane],
    invariant: o.gate === null || o.gate.first_mismatch_index === null,
  };
  const d = decidePromotion(o.stateBefore, evidence, o.policy);
  return {
    metric: o.metric,
    task,
    lane,
    consumed: isConsumed(o.stateBefore.stage) && evidence.status === 'ok',
    state_before: o.stateBefore,
    evidence,
    gate: o.gate,
    decision: d.decision,
    reason: d.reason,
    state: d.state,
  };
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

/**
 * After a tick with metrics ran: the invariance gate over its metric tasks, then `decidePromotion`
 * per metric on the tick's evidence (the task's trace event: status and cost, `absent` with cost 0
 * when the tick did not run it; its lane's ops budget; the gate's verdict).
 * Owns: taking evidence from a tick's output and deciding. Must not: write or read records.
 */
import type { Budget, Lane, TaskSpec, TickOutput } from '@abraxas/ers';
import { decidePromotion, isConsumed, laneForStage, type PromotionEvidence, type PromotionPolicy, type PromotionState } from '@abraxas/ers/promotion';
import { gateMetricTasks } from './metric-gate.js';
import { metricTaskName } from './metric-tasks.js';
import type { MetricDecisionRecord, MetricGateRecord } from './record.js';

/** What the decisions of one tick start from. */
export interface DecisionInput {
  readonly tick: number;
  /** The tick's context (after the pipeline ran). */
  readonly context: object;
  readonly budgetForecast: Budget;
  readonly budgetShadow: Budget;
  /** Every metric's state before the tick, by name (code point order). */
  readonly states: ReadonlyMap<string, PromotionState>;
  /** The tasks of the registered metrics. */
  readonly tasks: readonly TaskSpec[];
  readonly policy: PromotionPolicy;
  readonly invarianceRuns: number;
}

/** The gate over the tick's metric tasks, then each metric's decision (by name). */
export async function decidePromotions(p: DecisionInput, out: TickOutput): Promise<MetricDecisionRecord[]> {
  const { budgetForecast, budgetShadow } = p;
  const gates =
    p.tasks.length === 0
      ? new Map<string, MetricGateRecord>()
      : await gateMetricTasks({ tick: p.tick, context: p.context, tasks: p.tasks, real: out, budgetForecast, budgetShadow, runs: p.invarianceRuns });
  return [...p.states].map(([metric, stateBefore]) =>
    decideMetric({
      metric,
      stateBefore,
      out,
      laneBudgetOps: { forecast: budgetForecast.ops, shadow: budgetShadow.ops },
      gate: gates.get(metricTaskName(metric)) ?? null,
      policy: p.policy,
    }),
  );
}

/** The decision for `metric` in the tick `out`. */
function decideMetric(o: {
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

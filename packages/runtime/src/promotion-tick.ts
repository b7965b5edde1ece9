/**
 * The promotion part of one tick. Before the tick: each metric's state (from the run's ledger, or
 * its initial state) and its task, in the lane that state's stage gives. After the tick: the
 * invariance gate over the metric tasks, then `decidePromotion` per metric on the tick's evidence.
 * The metrics are the run's registered ones plus any the ledger already holds: a metric that is no
 * longer given is `absent` (a failing tick), so it cannot keep a stage it does not earn.
 * Owns: the per-tick lifecycle steps. Must not: write artifacts (execute-tick.ts does) or run the pipeline.
 */
import { compareCodePoints, type TaskSpec, type TickOutput } from '@abraxas/ers';
import { initialPromotionState, type PromotionState } from '@abraxas/ers/promotion';
import { gateMetricTasks } from './metric-gate.js';
import { metricTask, metricTaskName } from './metric-tasks.js';
import type { PromotionSetup } from './metrics.js';
import type { PromotionLedger } from './promotion-ledger.js';
import { decideMetric } from './promotion-record.js';
import type { TickPlan } from './tick-plan.js';
import type { MetricDecisionRecord, MetricGateRecord } from './types.js';

/** A run's promotion settings and its ledger (opened when first needed). */
export interface PromotionRun {
  readonly setup: PromotionSetup;
  ledger(): Promise<PromotionLedger>;
}

/** The promotion part of a tick, ready to run. */
export interface PreparedPromotion {
  readonly setup: PromotionSetup;
  readonly ledger: PromotionLedger;
  /** Every metric's state before the tick, by name (code point order). */
  readonly states: ReadonlyMap<string, PromotionState>;
  /** The tasks of the registered metrics. */
  readonly tasks: readonly TaskSpec[];
}

/** States and tasks for the tick; null when neither the run nor its ledger has a metric. */
export async function preparePromotion(fn: string, run: PromotionRun, plan: TickPlan): Promise<PreparedPromotion | null> {
  const ledger = await run.ledger();
  const before = await ledger.statesBefore(fn, plan.tick);
  const registered = new Map(run.setup.metrics.map((m) => [m.name, m]));
  const names = [...new Set([...registered.keys(), ...before.keys()])].sort(compareCodePoints);
  if (names.length === 0) return null;
  const states = new Map<string, PromotionState>();
  const tasks: TaskSpec[] = [];
  for (const name of names) {
    const m = registered.get(name);
    const state = before.get(name) ?? initialPromotionState(name, m?.initialStage);
    states.set(name, state);
    if (m !== undefined) tasks.push(metricTask(m, state.stage, plan.metricCosts.get(name) ?? m.costOps));
  }
  return { setup: run.setup, ledger, states, tasks };
}

/** After the tick ran: the gate over its metric tasks, then each metric's decision (by name). */
export async function decidePromotions(p: PreparedPromotion, plan: TickPlan, out: TickOutput): Promise<MetricDecisionRecord[]> {
  const { budgetForecast, budgetShadow } = plan.costs;
  const gates =
    p.tasks.length === 0
      ? new Map<string, MetricGateRecord>()
      : await gateMetricTasks({ tick: plan.tick, context: plan.context, tasks: p.tasks, real: out, budgetForecast, budgetShadow, runs: p.setup.invarianceRuns });
  return [...p.states].map(([metric, stateBefore]) =>
    decideMetric({
      metric,
      stateBefore,
      out,
      laneBudgetOps: { forecast: budgetForecast.ops, shadow: budgetShadow.ops },
      gate: gates.get(metricTaskName(metric)) ?? null,
      policy: p.setup.policy,
    }),
  );
}

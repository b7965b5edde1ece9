/**
 * Promotion as a tick hook (tick-hook.ts): each metric's task before the tick; the gate, the
 * decisions and the decision record (cited by the RunIndex as `refs.promotion`) after it; the
 * ledger's new states and the result's `promotion` once sealed. A metric no longer given is `absent`.
 * Owns: the promotion part of a tick. Must not: run the pipeline or write (the tick's batch does).
 */
import type { ArtifactStore } from '@abraxas/artifacts';
import { compareCodePoints } from '@abraxas/internal';
import { canonicalJsonBytes, sha256Hex, type TaskSpec, type TickOutput } from '@abraxas/ers';
import { initialPromotionState, type PromotionState } from '@abraxas/ers/promotion';
import { RuntimeValidationError } from '../errors.js';
import { PLAIN_TICK, type HookRecords, type HookTasks, type RecordAddress, type TickHook } from '../tick-hook.js';
import type { TickPlan } from '../tick-plan.js';
import { decidePromotions } from './decide.js';
import { PromotionLedger } from './ledger.js';
import { metricTask } from './metric-tasks.js';
import { metricCosts, type PromotionSetup } from './options.js';
import { buildPromotionRecord, PROMOTION_KIND, PROMOTION_SCHEMA, promotionRelPath } from './record.js';

/**
 * The hook of a run whose promotion settings are `setup` (null without metrics: then a tick may
 * not give `metricCostOps`). The ledger keeps what it learnt from tick to tick (a failed read is not kept).
 */
export function promotionHook(store: ArtifactStore, runId: string, mode: string, setup: PromotionSetup | null): TickHook {
  if (setup === null) {
    return {
      accept(fn, work) {
        if ((work as { metricCostOps?: unknown }).metricCostOps !== undefined) {
          throw new RuntimeValidationError(fn, 'metricCostOps', 'must be absent: the run has no metrics');
        }
        return PLAIN_TICK;
      },
    };
  }
  const ledger = new PromotionLedger(store, runId);
  return {
    accept(fn, work) {
      const costs = metricCosts(fn, setup.metrics, (work as { metricCostOps?: unknown }).metricCostOps);
      return { before: async (at, plan) => prepare(at, setup, ledger, costs, runId, mode, plan) };
    },
  };
}

/** States and tasks for the tick; no tasks and no record when neither the run nor its ledger has a metric. */
async function prepare(
  fn: string,
  setup: PromotionSetup,
  ledger: PromotionLedger,
  costs: ReadonlyMap<string, number>,
  runId: string,
  mode: string,
  plan: TickPlan,
): Promise<HookTasks> {
  const before = await ledger.statesBefore(fn, plan.tick);
  const registered = new Map(setup.metrics.map((m) => [m.name, m]));
  const names = [...new Set([...registered.keys(), ...before.keys()])].sort(compareCodePoints);
  if (names.length === 0) return PLAIN_TICK.before(fn, plan);
  const states = new Map<string, PromotionState>();
  const tasks: TaskSpec[] = [];
  for (const name of names) {
    const m = registered.get(name);
    const state = before.get(name) ?? initialPromotionState(name, m?.initialStage);
    states.set(name, state);
    if (m !== undefined) tasks.push(metricTask(m, state.stage, costs.get(name) ?? m.costOps));
  }
  const after = async (out: TickOutput, trendpack: RecordAddress): Promise<HookRecords> => {
    const { tick } = plan;
    const { budgetForecast, budgetShadow } = plan.costs;
    const { policy, invarianceRuns } = setup;
    const decisions = await decidePromotions({ tick, context: plan.context, budgetForecast, budgetShadow, states, tasks, policy, invarianceRuns }, out);
    const record = buildPromotionRecord({
      runId,
      tick,
      mode,
      policy,
      invarianceRuns,
      trendpackRelPath: trendpack.relPath,
      trendpackSha256: trendpack.sha256,
      metrics: decisions,
    });
    const relPath = promotionRelPath(runId, tick);
    const consumed: Record<string, unknown> = {};
    for (const d of decisions) {
      if (d.consumed) consumed[d.metric] = out.results[d.task]?.value;
    }
    return {
      records: [
        {
          ref: PROMOTION_KIND,
          relPath,
          sha256: sha256Hex(canonicalJsonBytes(record)),
          item: { runId, tick, kind: PROMOTION_KIND, schema: PROMOTION_SCHEMA, obj: record, relPath, extra: { mode } },
        },
      ],
      sealed(written) {
        if (written.has(relPath)) ledger.accept(tick, new Map(decisions.map((d) => [d.metric, d.state])));
        return { promotion: { record, consumed } };
      },
    };
  };
  return { tasks, after };
}

/**
 * A metric's task for one tick: `metric:<name>`, in the lane its promotion stage gives
 * (`laneForStage`: candidate and shadow in the shadow lane, canary and promoted in the forecast
 * lane), after the pipeline's own tasks of that lane — priority 3 in the forecast lane (after the
 * steps at 0, 1, 2), priority 1 in the shadow lane (after the shadow tasks at 0) — so a metric never
 * takes budget from the pipeline, and on a read-only view of the context. Its tags record the stage
 * it ran at (`['metric', 'stage:<stage>']`), so the tick's TrendPack shows it.
 * Owns: building metric tasks. Must not: run them or decide stages.
 */
import { bindCallable, type Lane, type TaskSpec } from '@abraxas/ers';
import { laneForStage, type PromotionStage } from '@abraxas/ers/promotion';
import { metricView } from './metric-view.js';
import type { ResolvedMetric } from './options.js';

/** Task names of metrics start with this. */
export const METRIC_TASK_PREFIX = 'metric:';

/** Where metric tasks run within their lane: after the pipeline's tasks of that lane. */
export const METRIC_PRIORITY: { readonly [L in Lane]: number } = { forecast: 3, shadow: 1 };

export function metricTaskName(metric: string): string {
  return `${METRIC_TASK_PREFIX}${metric}`;
}

/** The task of `metric` this tick, running at `stage` and costing `costOps`. */
export function metricTask(metric: ResolvedMetric, stage: PromotionStage, costOps: number): TaskSpec {
  const name = metricTaskName(metric.name);
  const lane = laneForStage(stage);
  return bindCallable({
    name,
    lane,
    priority: METRIC_PRIORITY[lane],
    costOps,
    fn: (ctx) => metric.fn(metricView(ctx, name)),
    tags: ['metric', `stage:${stage}`],
  });
}

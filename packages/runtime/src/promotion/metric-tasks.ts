/**
 * A metric's task for one tick: `metric:<name>`, in its stage's lane after the pipeline's own tasks
 * (so it never takes their budget), on a read-only view, tagged with its stage.
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

/**
 * The read-only view of the tick context that metric tasks receive, in every stage and lane. A
 * candidate metric is observation-only until promoted, and even then its value reaches the
 * pipeline through the tick result (`promotion.consumed`), not through the context: so any write
 * through the view (at any depth) throws a `MetricWriteError`, which the scheduler records as the
 * metric task's error. Canary and promoted metrics run in the forecast lane, whose tasks see the
 * context itself, hence this view (ers's `readOnlyView`, the one shadow tasks get).
 * Owns: the metric tasks' write refusal. Must not: copy the context.
 */
import { readOnlyView } from '@abraxas/internal';
import { MetricWriteError } from '../errors.js';

/** A deep read-only view of `context` for the metric task `task`. */
export function metricView<T extends object>(context: T, task: string): T {
  return readOnlyView(
    context,
    (path) =>
      new MetricWriteError(
        `metric task ${JSON.stringify(task)} cannot write ${path}: metrics observe the tick; a promoted metric's value reaches the pipeline through the tick result`,
      ),
  );
}

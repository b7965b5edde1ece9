/**
 * The read-only view of the tick context metric tasks get in every stage and lane: a metric's value
 * reaches the pipeline only through the tick result, so a write is the task's `MetricWriteError`.
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

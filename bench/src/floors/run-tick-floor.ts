/**
 * The floor of `runTick`: what any scheduler must do for the same tasks, written as a plain loop —
 * sort by the same key (lane, priority, name by code point, insertion), then for each task check
 * and charge its lane's budget, call it, and build the same result record and trace event. No
 * validation, no read-only context view, no error handling.
 * Owns: the runTick floor (and the floor of `add`: a duplicate-name check and a push). Must not:
 * use the scheduler.
 */
import { compareCodePoints } from '@abraxas/internal';
import { type TaskContext, type TaskResult, type TaskSpec, type TraceEvent } from '@abraxas/ers';

export interface FloorTickOutput {
  readonly tick: number;
  readonly results: Record<string, TaskResult>;
  readonly trace: TraceEvent[];
  readonly remaining: { readonly forecast: LaneBudget; readonly shadow: LaneBudget };
}

/** The floor of `add` for every task: reject a duplicate name, keep the task. */
export function addFloor(tasks: readonly TaskSpec[]): TaskSpec[] {
  const names = new Set<string>();
  const kept: TaskSpec[] = [];
  for (const t of tasks) {
    if (names.has(t.name)) throw new Error(`duplicate task name ${t.name}`);
    names.add(t.name);
    kept.push(t);
  }
  return kept;
}

/** A lane's budget as plain numbers. */
export interface LaneBudget {
  readonly ops: number;
  readonly entropy: number;
}

/** Sorts and runs `tasks` once, as `runTick` would, in a plain loop. */
export function runTickFloor(
  tasks: readonly TaskSpec[],
  tick: number,
  budget: { readonly forecast: LaneBudget; readonly shadow: LaneBudget },
  context: object,
): FloorTickOutput {
  const order = new Array<number>(tasks.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const x = tasks[a] as TaskSpec;
    const y = tasks[b] as TaskSpec;
    return (
      (x.lane === 'forecast' ? 0 : 1) - (y.lane === 'forecast' ? 0 : 1) ||
      x.priority - y.priority ||
      compareCodePoints(x.name, y.name) ||
      a - b
    );
  });
  let forecastOps = budget.forecast.ops;
  let forecastEntropy = budget.forecast.entropy;
  let shadowOps = budget.shadow.ops;
  let shadowEntropy = budget.shadow.entropy;
  const results: Record<string, TaskResult> = {};
  const trace: TraceEvent[] = [];
  for (const i of order) {
    const t = tasks[i] as TaskSpec;
    const forecast = t.lane === 'forecast';
    const fits = t.costOps <= (forecast ? forecastOps : shadowOps) && t.costEntropy <= (forecast ? forecastEntropy : shadowEntropy);
    let value: unknown = null;
    if (fits) {
      if (forecast) {
        forecastOps -= t.costOps;
        forecastEntropy -= t.costEntropy;
      } else {
        shadowOps -= t.costOps;
        shadowEntropy -= t.costEntropy;
      }
      value = t.fn(context as TaskContext);
    }
    const status = fits ? 'ok' : 'skipped_budget';
    results[t.name] = {
      name: t.name,
      lane: t.lane,
      status,
      value,
      error: null,
      cost_ops: fits ? t.costOps : 0,
      cost_entropy: fits ? t.costEntropy : 0,
    };
    trace.push({
      tick,
      task: t.name,
      lane: t.lane,
      status,
      cost_ops: t.costOps,
      cost_entropy: t.costEntropy,
      meta: fits ? { tags: [...t.tags] } : { reason: 'budget' },
    });
  }
  return { tick, results, trace, remaining: { forecast: { ops: forecastOps, entropy: forecastEntropy }, shadow: { ops: shadowOps, entropy: shadowEntropy } } };
}

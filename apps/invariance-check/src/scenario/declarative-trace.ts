/**
 * Replays a declarative scenario for one run, as the golden vectors' README describes: a fresh
 * scheduler per run, tasks added in file order (per-run overrides applied, `absent` tasks left out),
 * each tick run with the scenario's budgets and context; the run's trace is the ticks' traces in order.
 * Owns: turning a ScenarioDefinition into a trace. Must not: hash, judge or do IO.
 */
import { Budget, DeterministicScheduler, bindCallable, type TaskFn, type TraceEvent } from '@abraxas/ers';
import { Boom } from './boom.js';
import type { RunOutcome, ScenarioDefinition, ScenarioTask } from './scenario-types.js';

/** The trace of run `runIndex` (synchronous scenarios). */
export function declarativeTrace(def: ScenarioDefinition, runIndex: number): readonly TraceEvent[] {
  const scheduler = buildScheduler(def, runIndex);
  const trace: TraceEvent[] = [];
  for (const tick of def.ticks) {
    trace.push(...scheduler.runTick({ tick, ...tickOptions(def) }).trace);
  }
  return trace;
}

/** The trace of run `runIndex`, awaiting async task functions (`"async": true` scenarios). */
export async function declarativeTraceAsync(def: ScenarioDefinition, runIndex: number): Promise<readonly TraceEvent[]> {
  const scheduler = buildScheduler(def, runIndex);
  const trace: TraceEvent[] = [];
  for (const tick of def.ticks) {
    trace.push(...(await scheduler.runTickAsync({ tick, ...tickOptions(def) })).trace);
  }
  return trace;
}

/** `makeTrace` for a declarative scenario: sync or async as the scenario says. */
export function declarativeMakeTrace(def: ScenarioDefinition): (runIndex: number) => Promise<readonly TraceEvent[]> | readonly TraceEvent[] {
  return def.async ? (i) => declarativeTraceAsync(def, i) : (i) => declarativeTrace(def, i);
}

function tickOptions(def: ScenarioDefinition): { budgetForecast: Budget; budgetShadow: Budget; context: object } {
  return {
    budgetForecast: new Budget(def.budget_forecast),
    budgetShadow: new Budget(def.budget_shadow),
    // A fresh copy per tick: a forecast task may write to its context.
    context: structuredClone(def.context),
  };
}

function buildScheduler(def: ScenarioDefinition, runIndex: number): DeterministicScheduler {
  const overrides = def.per_run_outcomes[runIndex];
  const scheduler = new DeterministicScheduler();
  for (const task of def.tasks) {
    const outcome: RunOutcome =
      overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, task.name) ? (overrides[task.name] as RunOutcome) : task.outcome;
    if (outcome === 'absent') continue;
    scheduler.add(
      bindCallable({
        name: task.name,
        lane: task.lane,
        priority: task.priority,
        costOps: task.cost_ops,
        costEntropy: task.cost_entropy,
        tags: task.tags,
        fn: taskFn(task, outcome, def.async),
      }),
    );
  }
  return scheduler;
}

function taskFn(_task: ScenarioTask, outcome: 'ok' | 'throw', isAsync: boolean): TaskFn {
  if (isAsync) {
    return async () => {
      await Promise.resolve();
      if (outcome === 'throw') throw new Boom();
      return { ok: true };
    };
  }
  return () => {
    if (outcome === 'throw') throw new Boom();
    return { ok: true };
  };
}

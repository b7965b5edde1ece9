/**
 * The replays the README of the golden vectors (@abraxas/golden-vectors, a test fixture) describes:
 * scheduler vectors through `DeterministicScheduler.runTick`, runtime vectors through the
 * reference's default tick (three forecast steps, shadow tasks, budgets 50 / 20).
 * Owns: test-side replay of vectors. Must not: compute expected values (those come from the vectors).
 */
import { Budget, bindCallable, DeterministicScheduler, type TraceEvent } from '@abraxas/ers';
import type { RuntimeVector, SchedulerVector } from '@abraxas/golden-vectors';

/** The error every `throw` outcome raises: recorded as `"Boom: deliberate failure"`. */
class Boom extends Error {
  override name = 'Boom';
  constructor() {
    super('deliberate failure');
  }
}

function taskFn(outcome: 'ok' | 'throw'): () => unknown {
  return outcome === 'ok'
    ? () => ({ ok: true })
    : () => {
        throw new Boom();
      };
}

/** Runs a scheduler vector's tick and returns its trace. */
export function replaySchedulerVector(v: SchedulerVector): readonly TraceEvent[] {
  const scheduler = new DeterministicScheduler();
  for (const t of v.tasks) {
    scheduler.add(
      bindCallable({
        name: t.name,
        lane: t.lane,
        priority: t.priority,
        costOps: t.cost_ops,
        costEntropy: t.cost_entropy,
        tags: t.tags,
        fn: taskFn(t.outcome),
      }),
    );
  }
  return scheduler.runTick({
    tick: v.tick,
    budgetForecast: new Budget(v.budget_forecast),
    budgetShadow: new Budget(v.budget_shadow),
    context: {},
  }).trace;
}

/** Runs a runtime vector's tick as the reference's `abraxas_tick` schedules it, and returns its trace. */
export function replayRuntimeVector(v: RuntimeVector): readonly TraceEvent[] {
  const scheduler = new DeterministicScheduler();
  const outcome = (name: string): 'ok' | 'throw' => (v.failing.includes(name) ? 'throw' : 'ok');
  ['oracle:signal', 'oracle:compress', 'oracle:overlay'].forEach((name, priority) => {
    scheduler.add(bindCallable({ name, lane: 'forecast', priority, costOps: 10, fn: taskFn(outcome(name)) }));
  });
  for (const shadow of v.shadow_tasks) {
    const name = `shadow:${shadow}`;
    scheduler.add(bindCallable({ name, lane: 'shadow', priority: 0, costOps: 2, fn: taskFn(outcome(name)) }));
  }
  return scheduler.runTick({
    tick: v.tick,
    budgetForecast: new Budget({ ops: 50 }),
    budgetShadow: new Budget({ ops: 20 }),
    context: {},
  }).trace;
}

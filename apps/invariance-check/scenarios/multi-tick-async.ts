/**
 * A module scenario: four ticks of an async pipeline (task functions that really wait, on
 * microtasks and on the timer queue), run through `runTickAsync` by one scheduler per run. The
 * overlay step does not fit the forecast budget and is skipped; the shadow observer fails on odd
 * ticks, read from the context it is given.
 */
import { Budget, DeterministicScheduler, bindCallable, type TaskContext, type TraceEvent } from '@abraxas/ers';

export const id = 'multi-tick-async';

const later = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

export async function makeTrace(_runIndex: number): Promise<TraceEvent[]> {
  const scheduler = new DeterministicScheduler();
  const step = (name: string, priority: number, costOps: number) =>
    bindCallable({
      name,
      lane: 'forecast',
      priority,
      costOps,
      tags: ['oracle', name],
      fn: async () => {
        await later();
        return { ok: true };
      },
    });
  scheduler.add(step('oracle:signal', 0, 10));
  scheduler.add(step('oracle:compress', 1, 10));
  scheduler.add(step('oracle:overlay', 2, 10));
  scheduler.add(
    bindCallable({
      name: 'shadow:sei',
      lane: 'shadow',
      priority: 0,
      costOps: 2,
      costEntropy: 1,
      tags: ['observe'],
      fn: async (ctx: TaskContext) => {
        await Promise.resolve();
        if ((ctx.tick as number) % 2 === 1) throw new Error('odd tick');
        return { seen: ctx.tick };
      },
    }),
  );
  const trace: TraceEvent[] = [];
  for (let tick = 0; tick < 4; tick++) {
    const out = await scheduler.runTickAsync({
      tick,
      budgetForecast: new Budget({ ops: 25 }),
      budgetShadow: new Budget({ ops: 4, entropy: 1 }),
      context: { tick },
    });
    trace.push(...out.trace);
  }
  return trace;
}

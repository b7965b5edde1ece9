/**
 * Replays the reference's golden vectors (@abraxas/golden-vectors, produced by the Python ERS v0.2
 * implementation) as the README of those vectors prescribes.
 */
import type { BudgetRecord, TaskOutcome, VectorTask } from '@abraxas/golden-vectors';
import { Budget, DeterministicScheduler, bindCallable, type TaskSpec } from '../../src/index.js';

/** The error the vectors' `throw` outcome raises: name `Boom`, message `deliberate failure`. */
export class Boom extends Error {
  override name = 'Boom';
  constructor() {
    super('deliberate failure');
  }
}

export function goldenTask(t: VectorTask, outcome: TaskOutcome = t.outcome): TaskSpec {
  return bindCallable({
    name: t.name,
    lane: t.lane,
    priority: t.priority,
    costOps: t.cost_ops,
    costEntropy: t.cost_entropy,
    tags: t.tags,
    fn: () => {
      if (outcome === 'throw') throw new Boom();
      return { ok: true };
    },
  });
}

export function runVector(
  v: { readonly tick: number; readonly budget_forecast: BudgetRecord; readonly budget_shadow: BudgetRecord; readonly tasks: readonly VectorTask[] },
  overrides: Readonly<Record<string, TaskOutcome>> = {},
) {
  const s = new DeterministicScheduler();
  for (const t of v.tasks) {
    const outcome = overrides[t.name] ?? t.outcome;
    if (outcome === 'absent') continue;
    s.add(goldenTask(t, outcome));
  }
  return s.runTick({
    tick: v.tick,
    budgetForecast: new Budget(v.budget_forecast),
    budgetShadow: new Budget(v.budget_shadow),
    context: {},
  });
}

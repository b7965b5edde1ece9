/**
 * A tick's plan: its validated work (context, the three forecast steps, the shadow tasks, resolved
 * costs and budgets) and its run through the ERS scheduler in the reference's order, plus the tasks
 * the run's hook adds.
 * Owns: validating tick work and running it. Must not: build or write artifacts.
 */
import { compareCodePoints } from '@abraxas/internal';
import { bindCallable, DeterministicScheduler, type TaskFn, type TaskSpec, type TickOutput } from '@abraxas/ers';
import { FORECAST_STEPS, mergeCosts, shadowCost, type ResolvedCosts } from './costs.js';
import { RuntimeValidationError } from './errors.js';
import type { ForecastStep, TickWork } from './types.js';
import { isPlainObject, requireContext, requirePlainObject, requireFunction, requireText, requireTick } from './validate.js';

/** The validated work of one tick, ready to run. */
export interface TickPlan {
  readonly tick: number;
  readonly context: object;
  readonly forecast: { readonly [S in ForecastStep]: TaskFn };
  /** Shadow tasks sorted by name (code point). */
  readonly shadow: readonly { readonly name: string; readonly fn: TaskFn }[];
  readonly costs: ResolvedCosts;
}

const STEP_FIELDS: { readonly [S in ForecastStep]: 'runSignal' | 'runCompress' | 'runOverlay' } = {
  signal: 'runSignal',
  compress: 'runCompress',
  overlay: 'runOverlay',
};

/** Validates the work of a tick against `fn`'s rules and resolves its costs over `baseCosts`. */
export function planTick(fn: string, input: unknown, baseCosts: ResolvedCosts): TickPlan {
  requirePlainObject(fn, 'options', input);
  const work = input as unknown as TickWork<object>;
  requireTick(fn, 'tick', work.tick);
  requireContext(fn, 'context', work.context);
  for (const step of FORECAST_STEPS) requireFunction(fn, STEP_FIELDS[step], work[STEP_FIELDS[step]]);

  const shadowInput: unknown = work.runShadowTasks ?? {};
  if (!isPlainObject(shadowInput)) {
    throw new RuntimeValidationError(fn, 'runShadowTasks', 'must be a plain object of shadow task functions by name', shadowInput);
  }
  const names = Object.keys(shadowInput).sort(compareCodePoints);
  const shadow = names.map((name) => {
    requireText(fn, 'runShadowTasks key', name);
    const task = shadowInput[name];
    requireFunction(fn, `runShadowTasks[${JSON.stringify(name)}]`, task);
    return { name, fn: task as TaskFn };
  });

  const costs = mergeCosts(fn, baseCosts, work, new Set(names));
  return {
    tick: work.tick,
    context: work.context,
    forecast: { signal: work.runSignal, compress: work.runCompress, overlay: work.runOverlay },
    shadow,
    costs,
  };
}

/** Runs the plan's tick, plus the hook's `added` tasks, with `runTickAsync` (task functions may be sync or async). */
export function runPlan(plan: TickPlan, added: readonly TaskSpec[]): Promise<TickOutput> {
  const s = new DeterministicScheduler();
  FORECAST_STEPS.forEach((step, priority) => {
    s.add(bindCallable({ name: `oracle:${step}`, lane: 'forecast', priority, costOps: plan.costs.forecast[step], fn: plan.forecast[step] }));
  });
  for (const t of plan.shadow) {
    s.add(bindCallable({ name: `shadow:${t.name}`, lane: 'shadow', priority: 0, costOps: shadowCost(plan.costs, t.name), fn: t.fn }));
  }
  for (const t of added) s.add(t);
  return s.runTickAsync({
    tick: plan.tick,
    budgetForecast: plan.costs.budgetForecast,
    budgetShadow: plan.costs.budgetShadow,
    context: plan.context,
    shadowConcurrency: plan.costs.shadowConcurrency,
  });
}

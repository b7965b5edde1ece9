/**
 * Costs and budgets of a tick: the reference's defaults (forecast steps 10 ops each, shadow tasks
 * 2 ops each, budgets forecast 50 / shadow 20 ops, entropy 0, shadow concurrency 1) and how run-level
 * defaults and per-tick overrides combine into one resolved table.
 * Owns: cost/budget defaults, their validation and merging. Must not: run tasks or do IO.
 */
import { Budget } from '@abraxas/ers';
import { RuntimeValidationError } from './errors.js';
import { didYouMean } from './option-keys.js';
import type { ForecastStep, TickCosts } from './types.js';
import { isPlainObject, requireBudget, requireCost } from './validate.js';

/** The forecast steps in the order (and priority) they run: 0, 1, 2. */
export const FORECAST_STEPS: readonly ForecastStep[] = ['signal', 'compress', 'overlay'];

/** The reference's costs and budgets. */
export const REFERENCE_COSTS = Object.freeze({
  forecastCostOps: 10,
  shadowCostOps: 2,
  budgetForecast: Object.freeze({ ops: 50, entropy: 0 }),
  budgetShadow: Object.freeze({ ops: 20, entropy: 0 }),
});

/** Costs and budgets with every default applied. */
export interface ResolvedCosts {
  readonly budgetForecast: Budget;
  readonly budgetShadow: Budget;
  readonly forecast: { readonly [S in ForecastStep]: number };
  /** Cost of a shadow task not named in `shadowByName`. */
  readonly shadowBase: number;
  readonly shadowByName: ReadonlyMap<string, number>;
  /** Shadow tasks in flight at once. */
  readonly shadowConcurrency: number;
}

/** The reference's defaults as a resolved table. */
export function referenceCosts(): ResolvedCosts {
  const f = REFERENCE_COSTS.forecastCostOps;
  return {
    budgetForecast: new Budget(REFERENCE_COSTS.budgetForecast),
    budgetShadow: new Budget(REFERENCE_COSTS.budgetShadow),
    forecast: { signal: f, compress: f, overlay: f },
    shadowBase: REFERENCE_COSTS.shadowCostOps,
    shadowByName: new Map(),
    shadowConcurrency: 1,
  };
}

/**
 * `over` applied on top of `base`: a budget replaces the base's; a number cost applies to every
 * task of its lane; a per-step or per-name record overrides only the tasks it names.
 * `shadowNames`, when given, are the tick's shadow tasks: a per-name record must name only those.
 */
export function mergeCosts(fn: string, base: ResolvedCosts, over: TickCosts, shadowNames: ReadonlySet<string> | null): ResolvedCosts {
  let { budgetForecast, budgetShadow, shadowBase, shadowConcurrency } = base;
  const forecast = { ...base.forecast };
  const shadowByName = new Map(base.shadowByName);

  if (over.budgetForecast !== undefined) {
    requireBudget(fn, 'budgetForecast', over.budgetForecast);
    budgetForecast = over.budgetForecast;
  }
  if (over.budgetShadow !== undefined) {
    requireBudget(fn, 'budgetShadow', over.budgetShadow);
    budgetShadow = over.budgetShadow;
  }

  const fc: unknown = over.forecastCostOps;
  if (typeof fc === 'number') {
    requireCost(fn, 'forecastCostOps', fc);
    for (const step of FORECAST_STEPS) forecast[step] = fc;
  } else if (fc !== undefined) {
    if (!isPlainObject(fc)) {
      throw new RuntimeValidationError(fn, 'forecastCostOps', 'must be a non-negative safe integer or a plain object of per-step costs', fc);
    }
    for (const key of Object.keys(fc)) {
      if (!(FORECAST_STEPS as readonly string[]).includes(key)) {
        throw new RuntimeValidationError(
          fn,
          `forecastCostOps.${key}`,
          `is not a forecast step; steps are ${FORECAST_STEPS.map((s) => `'${s}'`).join(', ')}${didYouMean(key, FORECAST_STEPS)}`,
        );
      }
      const cost = fc[key];
      if (cost === undefined) continue;
      requireCost(fn, `forecastCostOps.${key}`, cost);
      forecast[key as ForecastStep] = cost;
    }
  }

  const sc: unknown = over.shadowCostOps;
  if (typeof sc === 'number') {
    requireCost(fn, 'shadowCostOps', sc);
    shadowBase = sc;
    shadowByName.clear();
  } else if (sc !== undefined) {
    if (!isPlainObject(sc)) {
      throw new RuntimeValidationError(fn, 'shadowCostOps', 'must be a non-negative safe integer or a plain object of per-task costs', sc);
    }
    for (const name of Object.keys(sc)) {
      const field = `shadowCostOps[${JSON.stringify(name)}]`;
      if (shadowNames !== null && !shadowNames.has(name)) {
        throw new RuntimeValidationError(fn, field, 'must name one of the tick\'s shadow tasks (a key of runShadowTasks)');
      }
      const cost = sc[name];
      if (cost === undefined) continue;
      requireCost(fn, field, cost);
      shadowByName.set(name, cost);
    }
  }

  const concurrency: unknown = over.shadowConcurrency;
  if (concurrency !== undefined) {
    if (typeof concurrency !== 'number' || !Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new RuntimeValidationError(fn, 'shadowConcurrency', 'must be a positive safe integer', concurrency);
    }
    shadowConcurrency = concurrency;
  }

  return { budgetForecast, budgetShadow, forecast, shadowBase, shadowByName, shadowConcurrency };
}

/** The ops cost of the shadow task `name`. */
export function shadowCost(costs: ResolvedCosts, name: string): number {
  return costs.shadowByName.get(name) ?? costs.shadowBase;
}

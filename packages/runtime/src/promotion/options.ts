/**
 * A run's candidate metrics and promotion settings, validated once: the metric specs (function,
 * cost, initial stage), the promotion policy (checked and completed by `promotionPolicy` from
 * `@abraxas/ers/promotion`; its errors are re-raised as this package's, naming the caller) and the
 * number of invariance runs; and the per-tick metric cost overrides.
 * Owns: promotion option validation and metric cost resolution. Must not: run tasks, decide or do IO.
 */
import { compareCodePoints } from '@abraxas/internal';
import { ErsValidationError } from '@abraxas/ers';
import { PROMOTION_STAGES, promotionPolicy, type PromotionPolicy, type PromotionStage } from '@abraxas/ers/promotion';
import { REFERENCE_COSTS } from '../costs.js';
import { RuntimeValidationError } from '../errors.js';
import { didYouMean } from '../option-keys.js';
import type { MetricCostOps, PromotionOptions } from '../types.js';
import { isPlainObject, requireCost, requireFunction, requirePlainObject, requireText } from '../validate.js';

/** A validated candidate metric. */
export interface ResolvedMetric {
  readonly name: string;
  readonly fn: (ctx: object) => unknown;
  readonly costOps: number;
  readonly initialStage: PromotionStage;
}

/** The promotion settings of a run (or of one `abraxasTick` call). */
export interface PromotionSetup {
  /** The registered metrics, by name (code point). */
  readonly metrics: readonly ResolvedMetric[];
  readonly policy: PromotionPolicy;
  readonly invarianceRuns: number;
}

export const DEFAULT_INVARIANCE_RUNS = 12;
export const MAX_INVARIANCE_RUNS = 1000;
/** A metric task's default cost: the reference's shadow task cost. */
export const DEFAULT_METRIC_COST_OPS = REFERENCE_COSTS.shadowCostOps;

const METRIC_FIELDS: readonly string[] = ['fn', 'costOps', 'initialStage'];

/**
 * The promotion settings in `options`, or null when `options.metrics` is absent (no promotion).
 * `promotionPolicy` and `invarianceRuns` are checked whether or not metrics are given.
 */
export function readPromotionOptions(fn: string, options: PromotionOptions<object>): PromotionSetup | null {
  const policy = readPolicy(fn, options.promotionPolicy);
  const runs: unknown = options.invarianceRuns ?? DEFAULT_INVARIANCE_RUNS;
  if (typeof runs !== 'number' || !Number.isSafeInteger(runs) || runs < 2 || runs > MAX_INVARIANCE_RUNS) {
    throw new RuntimeValidationError(fn, 'invarianceRuns', `must be an integer from 2 to ${MAX_INVARIANCE_RUNS}`, runs);
  }
  const input: unknown = options.metrics;
  if (input === undefined) return null;
  if (!isPlainObject(input)) throw new RuntimeValidationError(fn, 'metrics', 'must be a plain object of metric specs by name', input);
  const metrics = Object.keys(input)
    .sort(compareCodePoints)
    .map((name): ResolvedMetric => {
      requireText(fn, 'metrics key', name);
      const field = `metrics[${JSON.stringify(name)}]`;
      const spec = input[name];
      requirePlainObject(fn, field, spec);
      for (const key of Object.keys(spec)) {
        if (!METRIC_FIELDS.includes(key)) {
          throw new RuntimeValidationError(fn, `${field}.${key}`, `is not a metric field (${METRIC_FIELDS.join(', ')})${didYouMean(key, METRIC_FIELDS)}`);
        }
      }
      requireFunction(fn, `${field}.fn`, spec.fn);
      const costOps = spec.costOps ?? DEFAULT_METRIC_COST_OPS;
      requireCost(fn, `${field}.costOps`, costOps);
      const initialStage = spec.initialStage ?? 'candidate';
      if (!(PROMOTION_STAGES as readonly unknown[]).includes(initialStage)) {
        throw new RuntimeValidationError(fn, `${field}.initialStage`, `must be one of ${PROMOTION_STAGES.join(', ')}`, initialStage);
      }
      return { name, fn: spec.fn as (ctx: object) => unknown, costOps, initialStage: initialStage as PromotionStage };
    });
  return { metrics, policy, invarianceRuns: runs };
}

/** The policy, completed from the defaults; its `ErsValidationError`s re-raised naming `fn`. */
function readPolicy(fn: string, input: unknown): PromotionPolicy {
  if (input === undefined) return promotionPolicy({});
  requirePlainObject(fn, 'promotionPolicy', input);
  // A window given as `undefined` would read as "no limit" yet cannot be written to the record
  // (canonical JSON holds no undefined): to take the default, leave the field out.
  for (const [stage, given] of Object.entries(input)) {
    if (!isPlainObject(given)) continue;
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined) throw new RuntimeValidationError(fn, `promotionPolicy.${stage}.${key}`, 'must be a positive integer or left out (for the default)', value);
    }
  }
  try {
    return promotionPolicy(input);
  } catch (err) {
    if (!(err instanceof ErsValidationError)) throw err;
    // ErsValidationError messages read `<fn>: <field> <rule>`: keep the rule, name our caller and field.
    const prefix = `${err.fn}: ${err.field} `;
    const rule = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    throw new RuntimeValidationError(fn, `promotionPolicy.${err.field}`, rule);
  }
}

/**
 * The ops cost of each metric this tick: `over` (a number for all, or per metric name) on top of
 * each metric's own cost. A per-name record must name metrics of the run.
 */
export function metricCosts(fn: string, metrics: readonly ResolvedMetric[], over: unknown): ReadonlyMap<string, number> {
  const costs = new Map(metrics.map((m) => [m.name, m.costOps]));
  if (over === undefined) return costs;
  if (metrics.length === 0) throw new RuntimeValidationError(fn, 'metricCostOps', 'must be absent: the run has no metrics');
  const given = over as MetricCostOps;
  if (typeof given === 'number') {
    requireCost(fn, 'metricCostOps', given);
    for (const m of metrics) costs.set(m.name, given);
    return costs;
  }
  if (!isPlainObject(given)) {
    throw new RuntimeValidationError(fn, 'metricCostOps', 'must be a non-negative safe integer or a plain object of per-metric costs', given);
  }
  for (const name of Object.keys(given)) {
    const field = `metricCostOps[${JSON.stringify(name)}]`;
    if (!costs.has(name)) throw new RuntimeValidationError(fn, field, "must name one of the run's metrics (a key of metrics)");
    const cost = given[name];
    if (cost === undefined) continue;
    requireCost(fn, field, cost);
    costs.set(name, cost);
  }
  return costs;
}

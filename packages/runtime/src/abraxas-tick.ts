/**
 * `abraxasTick`: the one-call API — one tick end to end with a fresh artifact store, as the
 * reference's `abraxas_tick` does it. Correct when called once per process; for many ticks in one
 * process, `openRun` keeps one store and its ledger state across ticks.
 * Owns: the one-call entry point. Must not: keep state between calls (promotion states come from the ledger).
 */
import { referenceCosts } from './costs.js';
import { executeTick } from './execute-tick.js';
import { readIdentity } from './identity.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { promotionHook } from './promotion/hook.js';
import { readPromotionOptions } from './promotion/options.js';
import { readResultsOptions } from './records/results-pack.js';
import { readHeaderOptions, runHeaderWrite } from './run-header/record.js';
import { planTick } from './tick-plan.js';
import type { AbraxasTickOptions, TickOutcome } from './types.js';
import { requirePlainObject } from './validate.js';

const FN = 'abraxasTick';

const ABRAXAS_TICK_OPTIONS = optionKeys<AbraxasTickOptions>({
  runId: true,
  mode: true,
  artifactsDir: true,
  store: true,
  fsync: true,
  tick: true,
  context: true,
  runSignal: true,
  runCompress: true,
  runOverlay: true,
  runShadowTasks: true,
  metricCostOps: true,
  budgetForecast: true,
  budgetShadow: true,
  forecastCostOps: true,
  shadowCostOps: true,
  shadowConcurrency: true,
  metrics: true,
  promotionPolicy: true,
  invarianceRuns: true,
  sealResults: true,
  runHeader: true,
});

/**
 * Runs one tick: the three forecast steps and the shadow tasks through the ERS scheduler with the
 * reference's costs and budgets (or the given overrides), then seals the tick's TrendPack and
 * RunIndex and lists them in the run's manifest.
 *
 * With `metrics`, the tick also runs the candidate metrics in the lanes their promotion stages give,
 * starting from the run's latest decision record before this tick (found with the store's
 * `latestRecord`: one record read per call, whatever the run's length), and seals the tick's
 * decision record. With `sealResults`, it also seals the tick's results (`ResultsPack.v0`). With
 * `runHeader`, every call carries the run's header (`RunHeader.v0`, with the reference's costs and
 * budgets as the run's defaults): sealed by the first, the same bytes again after (a no-op), and a
 * different header refused with its differences.
 *
 * Bad input is refused with a `RuntimeValidationError` before any task runs or anything is written.
 * A tick run again with identical outcome writes nothing new and returns the same artifacts; with a
 * different outcome it is refused with `ArtifactConflictError` (from @abraxas/artifacts) and changes nothing.
 *
 * @example
 * ```ts
 * const r = await abraxasTick({
 *   tick: 0, runId: 'RUN-001', mode: 'test', context: {}, artifactsDir: './artifacts',
 *   runSignal: () => ({ ok: true }), runCompress: () => ({ ok: true }), runOverlay: () => ({ ok: true }),
 * });
 * r.results['oracle:signal'].status; // 'ok' (results are keyed by the tick's task names)
 * r.remaining.forecast;              // { ops: 20, entropy: 0 }
 * r.artifacts.trendpack;             // 'artifacts/viz/RUN-001/000000.trendpack.json'
 * ```
 */
export async function abraxasTick<C extends object = Record<string, unknown>, const S extends string = never, const M extends string = never>(
  options: AbraxasTickOptions<C, S, M>,
): Promise<TickOutcome<S, M>> {
  requirePlainObject(FN, 'options', options);
  requireKnownKeys(FN, options, ABRAXAS_TICK_OPTIONS);
  const id = readIdentity(FN, options);
  const setup = readPromotionOptions(FN, options);
  const results = readResultsOptions(FN, options.sealResults);
  const headerSettings = readHeaderOptions(FN, options.runHeader);
  const header = headerSettings === null ? null : runHeaderWrite({ runId: id.runId, mode: id.mode, settings: headerSettings, costs: referenceCosts(), promotion: setup });
  const records = { results, header, sealHeader: true };
  const plan = planTick(FN, options, referenceCosts());
  const hook = promotionHook(id.store, id.runId, id.mode, setup).accept(FN, options);
  // The result's shape is the one the options declare: names from the call, `promotion` with metrics.
  return (await executeTick(FN, id, id.store, plan, hook, records)) as TickOutcome<S, M>;
}

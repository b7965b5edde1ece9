/**
 * `openRun`: a handle for many ticks of one run in one process, validated once, with one store and
 * the run's defaults; ticks run one at a time in call order, awaited or not.
 * Owns: the run handle and its queue. Must not: emit artifacts itself (execute-tick.ts does).
 */
import type { ArtifactStore } from '@abraxas/artifacts';
import { mergeCosts, referenceCosts, type ResolvedCosts } from './costs.js';
import { executeTick } from './execute-tick.js';
import { RunClosedError } from './errors.js';
import { readIdentity, type Identity } from './identity.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { promotionHook } from './promotion/hook.js';
import { readPromotionOptions, type PromotionSetup } from './promotion/options.js';
import { readResultsOptions } from './records/results-pack.js';
import { readHeaderOptions, runHeaderWrite } from './run-header/record.js';
import type { RunRecords } from './execute-tick.js';
import type { TickHook } from './tick-hook.js';
import { planTick } from './tick-plan.js';
import type { OpenRunOptions, TickOutcome, TickResult, TickWork } from './types.js';
import { requirePlainObject } from './validate.js';

const TICK_WORK_OPTIONS = optionKeys<TickWork>({
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
});

const OPEN_RUN_OPTIONS = optionKeys<OpenRunOptions>({
  runId: true,
  mode: true,
  artifactsDir: true,
  store: true,
  fsync: true,
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

/** A tick's context type: the run's `C`, or when the run left it at the default, the tick's own. */
type TickContextOf<C extends object, T extends object> = Record<string, unknown> extends C ? T : C;

/**
 * A run open for ticks. Get one from `openRun`. `C` is the context type of its ticks, `M` the names
 * of its metrics (which type `results` and make `promotion` present).
 */
export class RunHandle<C extends object = Record<string, unknown>, M extends string = string> {
  readonly runId: string;
  readonly mode: string;
  /** The artifacts folder, or null when the run was opened on a `store`. */
  readonly artifactsDir: string | null;
  readonly #id: Identity;
  readonly #store: ArtifactStore;
  readonly #defaults: ResolvedCosts;
  readonly #hook: TickHook;
  readonly #records: Omit<RunRecords, 'sealHeader'>;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #completed = 0;
  #lastTick: number | null = null;
  /** Whether a tick of this handle has sealed the run's header (later ticks only cite it). */
  #headerSealed = false;

  /** @internal Use `openRun`. */
  constructor(id: Identity, defaults: ResolvedCosts, setup: PromotionSetup | null, records: Omit<RunRecords, 'sealHeader'>) {
    this.#id = id;
    this.#store = id.store;
    this.#defaults = defaults;
    this.#hook = promotionHook(id.store, id.runId, id.mode, setup);
    this.#records = records;
    this.runId = id.runId;
    this.mode = id.mode;
    this.artifactsDir = id.artifactsDir;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many ticks this handle has completed (artifacts sealed). */
  get ticksCompleted(): number {
    return this.#completed;
  }

  /** The tick number of the last completed tick, or null. */
  get lastTick(): number | null {
    return this.#lastTick;
  }

  /**
   * Runs one tick of the run and seals its artifacts, like `abraxasTick` with this run's id, mode,
   * folder and default costs; the tick's own `budgetForecast`, `budgetShadow`, `forecastCostOps`,
   * `shadowCostOps` and `shadowConcurrency` override the defaults (a number for every task of the lane, a record for the
   * steps or names it lists). Ticks queue: each starts after the previous one has finished.
   * Bad input rejects with `RuntimeValidationError` before anything runs; after `close()`, `RunClosedError`.
   * Ticks need not ascend (a backfilled tick costs a manifest rewrite); a tick repeated with the same
   * outcome is idempotent, with a different outcome an `ArtifactConflictError` that changes nothing.
   * In a run with metrics, ticks go forward: a tick before the run's latest promotion decision is
   * refused (`RuntimeValidationError`, nothing runs) unless it is a repeat of a decided tick.
   */
  async tick<const S extends string = never, T extends object = C>(work: TickWork<TickContextOf<C, T>, S>): Promise<TickOutcome<S, M>> {
    // Everything up to the first await runs at call time, so ticks queue in call order.
    const fn = 'RunHandle.tick';
    if (this.#closed) throw new RunClosedError(fn, this.runId);
    requirePlainObject(fn, 'options', work);
    requireKnownKeys(fn, work, TICK_WORK_OPTIONS);
    const plan = planTick(fn, work, this.#defaults);
    const hook = this.#hook.accept(fn, work);
    const run = async (): Promise<TickResult> => {
      const records = { ...this.#records, sealHeader: !this.#headerSealed };
      const result = await executeTick(fn, this.#id, this.#store, plan, hook, records);
      this.#headerSealed = true;
      this.#completed++;
      this.#lastTick = result.tick;
      return result;
    };
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => undefined);
    // The result's shape is the one the run and the tick declare (names, `promotion` with metrics).
    return (await next) as TickOutcome<S, M>;
  }

  /** Stops accepting ticks and resolves once every queued tick has finished. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
  }
}

/**
 * Opens a run for many ticks in one process. Nothing is read or written until the first tick.
 * Throws `RuntimeValidationError` for a bad run id, mode, folder, default cost/budget, metric,
 * promotion policy, invariance run count, `sealResults` or `runHeader`.
 *
 * @example
 * ```ts
 * const run = openRun({ runId: 'RUN-001', mode: 'live', artifactsDir: './artifacts' });
 * for (let tick = 0; tick < 1000; tick++) {
 *   await run.tick({ tick, context: {}, runSignal, runCompress, runOverlay });
 * }
 * await run.close();
 * ```
 */
export function openRun<C extends object = Record<string, unknown>, const M extends string = never>(options: OpenRunOptions<C, M>): RunHandle<C, M> {
  const fn = 'openRun';
  requirePlainObject(fn, 'options', options);
  requireKnownKeys(fn, options, OPEN_RUN_OPTIONS);
  const id = readIdentity(fn, options);
  const defaults = mergeCosts(fn, referenceCosts(), options, null);
  const setup = readPromotionOptions(fn, options);
  const results = readResultsOptions(fn, options.sealResults);
  const headerSettings = readHeaderOptions(fn, options.runHeader);
  const header = headerSettings === null ? null : runHeaderWrite({ runId: id.runId, mode: id.mode, settings: headerSettings, costs: defaults, promotion: setup });
  return new RunHandle<C, M>(id, defaults, setup, { results, header });
}

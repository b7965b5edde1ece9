/**
 * `DeterministicScheduler`: runs registered tasks once per tick in the stable order
 * `(lane_order, priority, name by code point, insertion_index)`, forecast lane first, charging each
 * attempted task against its lane's budget and recording a trace event per task.
 * Semantics are the reference's exactly: a task runs iff `cost <= remaining` for ops and entropy;
 * a skipped task spends nothing (result costs 0, trace `meta: { reason: 'budget' }`); an attempted
 * task (ok or error) spends its costs (trace `meta: { tags }`); a throw becomes `error: "<Name>: <message>"`.
 * Owns: ordering, budget accounting, results and trace. Must not: hash, do IO, read clocks.
 */
import { Budget } from './budget.js';
import { compareCodePoints } from '@abraxas/internal';
import { AsyncTaskError, DuplicateTaskError, ErsValidationError, ShadowWriteError } from './errors.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { readOnlyView } from '@abraxas/internal';
import { makeTaskSpec } from './task-spec.js';
import type { DefaultContext, Lane, RunTickAsyncOptions, RunTickOptions, Status, TaskContext, TaskResult, TaskSpec, TickOutput, TraceEvent } from './types.js';
import { isRevokedProxy, requireNonNegativeInt, requireObject, requirePositiveInt } from './validate.js';

/**
 * `Ctx` is the context type of the scheduler's ticks (forecast tasks get it, shadow tasks a
 * `DeepReadonly<Ctx>` view); `Names` the task names known to the type system, gathered by chaining
 * `add` (`new DeterministicScheduler<Ctx>().add(a).add(b)`), which types `TickOutput.results`.
 */
export class DeterministicScheduler<Ctx extends object = DefaultContext, Names extends string = string> {
  readonly #tasks: TaskSpec[] = [];
  readonly #names = new Set<string>();
  #ordered: readonly TaskSpec[] | null = null;

  /**
   * Registers a task and returns this scheduler, typed with the task's name added to `Names` (a
   * scheduler's first `add` replaces the default `string` with the task's name).
   * Throws `DuplicateTaskError` if its name is taken, `ErsValidationError` if malformed.
   */
  add<const N extends string>(task: TaskSpec<Ctx, N>): DeterministicScheduler<Ctx, Added<Names, N>> {
    const spec = makeTaskSpec('DeterministicScheduler.add', task as TaskSpec, 'task.');
    if (this.#names.has(spec.name)) throw new DuplicateTaskError(spec.name);
    this.#names.add(spec.name);
    this.#tasks.push(spec);
    this.#ordered = null;
    return this as unknown as DeterministicScheduler<Ctx, Added<Names, N>>;
  }

  /** The registered tasks in execution order. */
  get tasks(): readonly TaskSpec<Ctx>[] {
    // Array.prototype.sort is stable, so tasks equal on every key keep their insertion order: the
    // fourth key, insertion_index, needs no comparison of its own. (Names are unique, so it never
    // decides anyway.)
    this.#ordered ??= Object.freeze(
      [...this.#tasks].sort(
        (a, b) => laneOrder(a.lane) - laneOrder(b.lane) || a.priority - b.priority || compareCodePoints(a.name, b.name),
      ),
    );
    return this.#ordered as readonly TaskSpec<Ctx>[];
  }

  /**
   * Runs one tick synchronously. A task function that returns a promise is recorded as an
   * `AsyncTaskError` (its costs are spent): use `runTickAsync` for async task functions.
   */
  runTick(options: RunTickOptions<Ctx>): TickOutput<Names> {
    const run = new TickRun('DeterministicScheduler.runTick', options);
    for (const task of this.tasks as readonly TaskSpec[]) {
      if (!run.begin(task)) continue;
      let value: unknown;
      try {
        value = task.fn(run.contextFor(task));
      } catch (e) {
        run.fail(task, e);
        continue;
      }
      let thenable: boolean;
      try {
        thenable = isThenable(value);
      } catch (e) {
        // Reading `then` threw (a revoked proxy, a throwing getter): the task's value is unusable.
        run.fail(task, e);
        continue;
      }
      if (thenable) {
        observe(value as PromiseLike<unknown>);
        run.fail(
          task,
          new AsyncTaskError(`task ${JSON.stringify(task.name)} returned a promise; use runTickAsync for async task functions`),
        );
        continue;
      }
      run.succeed(task, value);
    }
    return run.output();
  }

  /**
   * Runs one tick, awaiting each task function that returns a promise. Forecast tasks run one at a
   * time, in order; then up to `shadowConcurrency` shadow tasks (default 1) are in flight at once,
   * started in order. Which tasks run and what each is charged is decided by costs and order alone,
   * and events and results are recorded in scheduled order whatever the completion order, so the
   * output is the same for every `shadowConcurrency`.
   */
  async runTickAsync(options: RunTickAsyncOptions<Ctx>): Promise<TickOutput<Names>> {
    const fn = 'DeterministicScheduler.runTickAsync';
    const run = new TickRun(fn, options, RUN_TICK_ASYNC_OPTIONS);
    const shadowConcurrency: unknown = options.shadowConcurrency === undefined ? 1 : options.shadowConcurrency;
    requirePositiveInt(fn, 'shadowConcurrency', shadowConcurrency);
    const tasks = this.tasks as readonly TaskSpec[];
    const firstShadow = shadowConcurrency === 1 ? tasks.length : tasks.findIndex((t) => t.lane === 'shadow');
    const sequential = firstShadow === -1 ? tasks : tasks.slice(0, firstShadow);
    for (const task of sequential) {
      if (!run.begin(task)) continue;
      const outcome = await attemptAsync(task, run.contextFor(task));
      run.settle(task, outcome);
    }
    if (firstShadow !== -1 && firstShadow < tasks.length) await runConcurrently(run, tasks.slice(firstShadow), shadowConcurrency);
    return run.output();
  }
}

/** What an attempted task came to: its value, or what it threw (or its promise rejected with). */
type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly thrown: unknown };

/** Calls the task and awaits its value if it is a thenable; never rejects. */
async function attemptAsync(task: TaskSpec, context: TaskContext): Promise<Outcome> {
  try {
    let value = task.fn(context);
    if (isThenable(value)) value = await value;
    return { ok: true, value };
  } catch (e) {
    return { ok: false, thrown: e };
  }
}

/**
 * Runs the shadow `tasks` (in scheduled order) with up to `limit` in flight: every task is charged
 * or skipped in order before any starts, tasks start in order as slots free up, and the outcomes are
 * recorded in order once all have settled.
 */
async function runConcurrently(run: TickRun, tasks: readonly TaskSpec[], limit: number): Promise<void> {
  const attempted = tasks.map((task) => run.begin(task, false));
  const outcomes: (Outcome | undefined)[] = tasks.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      while (next < tasks.length && !attempted[next]) next++;
      if (next >= tasks.length) return;
      const i = next++;
      const task = tasks[i] as TaskSpec;
      outcomes[i] = await attemptAsync(task, run.contextFor(task));
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < limit && w < tasks.length; w++) workers.push(worker());
  await Promise.all(workers);
  tasks.forEach((task, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) run.skip(task);
    else run.settle(task, outcome);
  });
}

const RUN_TICK_OPTIONS = optionKeys<RunTickOptions>({ tick: true, budgetForecast: true, budgetShadow: true, context: true });
const RUN_TICK_ASYNC_OPTIONS = optionKeys<RunTickAsyncOptions>({
  tick: true,
  budgetForecast: true,
  budgetShadow: true,
  context: true,
  shadowConcurrency: true,
});

/** The mutable state of one tick: remaining budgets, results and trace. */
class TickRun {
  readonly #tick: number;
  readonly #context: object;
  #forecastOps: number;
  #forecastEntropy: number;
  #shadowOps: number;
  #shadowEntropy: number;
  readonly #results: Record<string, TaskResult> = {};
  readonly #trace: TraceEvent[] = [];

  constructor(fn: string, options: Omit<RunTickOptions, 'context'> & { readonly context: object }, known: readonly string[] = RUN_TICK_OPTIONS) {
    requireObject(fn, 'options', options);
    requireKnownKeys(fn, options, known);
    requireNonNegativeInt(fn, 'tick', options.tick);
    requireBudget(fn, 'budgetForecast', options.budgetForecast);
    requireBudget(fn, 'budgetShadow', options.budgetShadow);
    requireObject(fn, 'context', options.context);
    this.#tick = options.tick;
    this.#context = options.context;
    this.#forecastOps = options.budgetForecast.ops;
    this.#forecastEntropy = options.budgetForecast.entropy;
    this.#shadowOps = options.budgetShadow.ops;
    this.#shadowEntropy = options.budgetShadow.entropy;
  }

  /**
   * Charges the task if it fits its lane's remaining budget; otherwise records the skip (unless
   * `recordSkip` is false: then the caller records it with `skip`, in its place in the order).
   */
  begin(task: TaskSpec, recordSkip = true): boolean {
    const forecast = task.lane === 'forecast';
    const ops = forecast ? this.#forecastOps : this.#shadowOps;
    const entropy = forecast ? this.#forecastEntropy : this.#shadowEntropy;
    if (task.costOps > ops || task.costEntropy > entropy) {
      if (recordSkip) this.skip(task);
      return false;
    }
    if (forecast) {
      this.#forecastOps -= task.costOps;
      this.#forecastEntropy -= task.costEntropy;
    } else {
      this.#shadowOps -= task.costOps;
      this.#shadowEntropy -= task.costEntropy;
    }
    return true;
  }

  /**
   * Forecast tasks see the context itself; each shadow task a read-only view of its own (so no
   * shadow task sees state another one's view made, such as a RegExp's private `lastIndex`).
   */
  contextFor(task: TaskSpec): TaskContext {
    if (task.lane === 'forecast') return this.#context as TaskContext;
    const name = JSON.stringify(task.name);
    return readOnlyView(
      this.#context,
      (path) => new ShadowWriteError(`shadow task ${name} cannot write ${path}: the shadow lane is observation-only`),
    ) as TaskContext;
  }

  skip(task: TaskSpec): void {
    this.#record(task, 'skipped_budget', null, null, false);
  }

  settle(task: TaskSpec, outcome: Outcome): void {
    if (outcome.ok) this.succeed(task, outcome.value);
    else this.fail(task, outcome.thrown);
  }

  succeed(task: TaskSpec, value: unknown): void {
    this.#record(task, 'ok', value, null, true);
  }

  fail(task: TaskSpec, thrown: unknown): void {
    this.#record(task, 'error', null, errorString(thrown), true);
  }

  output<Names extends string>(): TickOutput<Names> {
    return {
      tick: this.#tick,
      results: this.#results as TickOutput<Names>['results'],
      trace: this.#trace,
      remaining: {
        forecast: new Budget({ ops: this.#forecastOps, entropy: this.#forecastEntropy }),
        shadow: new Budget({ ops: this.#shadowOps, entropy: this.#shadowEntropy }),
      },
    };
  }

  #record(task: TaskSpec, status: Status, value: unknown, error: string | null, attempted: boolean): void {
    const result: TaskResult = {
      name: task.name,
      lane: task.lane,
      status,
      value,
      error,
      cost_ops: attempted ? task.costOps : 0,
      cost_entropy: attempted ? task.costEntropy : 0,
    };
    if (task.name === '__proto__') {
      // Assignment would set the prototype; defineProperty keeps "__proto__" an ordinary own key.
      Object.defineProperty(this.#results, task.name, { value: result, enumerable: true, writable: true, configurable: true });
    } else {
      this.#results[task.name] = result;
    }
    this.#trace.push({
      tick: this.#tick,
      task: task.name,
      lane: task.lane,
      status,
      cost_ops: task.costOps,
      cost_entropy: task.costEntropy,
      meta: attempted ? { tags: [...task.tags] } : { reason: 'budget' },
    });
  }
}

/** The names known after adding `N` to a scheduler that knew `Names` (`string`: none yet). */
type Added<Names extends string, N extends string> = string extends Names ? N : Names | N;

function laneOrder(lane: Lane): number {
  return lane === 'forecast' ? 0 : 1;
}

function requireBudget(fn: string, field: string, value: unknown): asserts value is Budget {
  if (!(value instanceof Budget)) throw new ErsValidationError(fn, field, 'must be a Budget', value);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Observes a promise the synchronous `runTick` will not await, so its rejection is not reported as unhandled. */
function observe(value: PromiseLike<unknown>): void {
  try {
    Promise.resolve(value).catch(() => undefined);
  } catch {
    // A hostile `constructor` getter on a promise: nothing left to observe.
  }
}

/**
 * `"<Name>: <message>"`, as the reference formats `f"{type(e).__name__}: {e}"`. Total: whatever was
 * thrown (a revoked proxy, throwing `name`/`message` getters or `toString`, a symbol, null), the
 * result is a string and nothing escapes.
 */
function errorString(thrown: unknown): string {
  if (typeof thrown !== 'object' || thrown === null) return `Error: ${safeString(thrown)}`;
  let hasMessage: boolean;
  try {
    hasMessage = 'message' in thrown;
  } catch {
    return `Error: <a thrown object that cannot be inspected${isRevokedProxy(thrown) ? ' (a revoked proxy)' : ''}>`;
  }
  if (!hasMessage) return `Error: ${safeString(thrown)}`;
  const name = attempt(() => (thrown as { name?: unknown }).name);
  const message = attempt(() => (thrown as { message?: unknown }).message);
  const shownName = name.ok && typeof name.value === 'string' && name.value !== '' ? name.value : 'Error';
  return `${shownName}: ${message.ok ? safeString(message.value) : '<its message cannot be read>'}`;
}

function attempt(read: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: read() };
  } catch {
    return { ok: false };
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '<a value that cannot be converted to text>';
    }
  }
}

/**
 * Task bindings: wrap a callable, or a rune invocation, into a `TaskSpec`.
 * Owns: `bindCallable`, `bindRuneInvoke`. Must not: run tasks or touch the scheduler.
 */
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { makeTaskSpec } from './task-spec.js';
import type { DefaultContext, Lane, TaskFn, TaskSpec } from './types.js';
import { requireFunction, requireName, requireObject } from './validate.js';

/**
 * Options of `bindCallable`. `fn` receives the context as its lane gives it: `Ctx` itself in the
 * forecast lane, `DeepReadonly<Ctx>` in the shadow lane.
 */
export interface BindCallableOptions<Ctx extends object = DefaultContext, N extends string = string, L extends Lane = Lane> {
  readonly name: N;
  readonly lane: L;
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy?: number;
  readonly fn: TaskFn<Ctx, L>;
  readonly tags?: readonly string[];
}

/**
 * Wraps a deterministic `fn(ctx)` into a task. The context type `Ctx` comes from where the task
 * goes (`scheduler.add(bindCallable({ ... }))`) or is given: `bindCallable<MyContext>({ ... })`.
 */
export function bindCallable<Ctx extends object = DefaultContext, const N extends string = string, const L extends Lane = Lane>(
  options: BindCallableOptions<Ctx, N, L>,
): TaskSpec<Ctx, N> {
  return makeTaskSpec('bindCallable', options);
}

/** What a rune task returns when its inputs are absent from the context. */
export interface NotComputable {
  readonly status: 'not_computable';
  readonly missing: string;
}

export interface BindRuneInvokeOptions<R extends string = string> {
  readonly runeName: R;
  readonly lane: Lane;
  readonly priority: number;
  readonly costOps: number;
  readonly invoker: (rune: string, inputs: unknown) => unknown;
  /** Context key holding the rune inputs, keyed by rune name. Default `'rune_inputs'`. */
  readonly inputKey?: string;
  /** Default `['rune']`. */
  readonly tags?: readonly string[];
}

const RUNE_INVOKE_KEYS = optionKeys<BindRuneInvokeOptions>({
  runeName: true,
  lane: true,
  priority: true,
  costOps: true,
  invoker: true,
  inputKey: true,
  tags: true,
});

/**
 * A task named `rune:<runeName>` that calls `invoker(runeName, context[inputKey][runeName])`, or
 * returns `{ status: 'not_computable', missing: runeName }` when those inputs are absent.
 */
export function bindRuneInvoke<const R extends string = string>(options: BindRuneInvokeOptions<R>): TaskSpec<object, `rune:${R}`> {
  const fnName = 'bindRuneInvoke';
  requireObject(fnName, 'options', options);
  requireKnownKeys(fnName, options, RUNE_INVOKE_KEYS);
  requireName(fnName, 'runeName', options.runeName);
  requireFunction(fnName, 'invoker', options.invoker);
  const inputKey = options.inputKey ?? 'rune_inputs';
  requireName(fnName, 'inputKey', inputKey);
  const { runeName, invoker } = options;

  const fn = (ctx: object): unknown => {
    const inputs = lookup(ctx, inputKey);
    const runeInputs = inputs === undefined || inputs === null ? undefined : lookup(inputs, runeName);
    if (runeInputs === undefined || runeInputs === null) {
      const missing: NotComputable = { status: 'not_computable', missing: runeName };
      return missing;
    }
    return invoker(runeName, runeInputs);
  };

  return makeTaskSpec<object, `rune:${R}`>(fnName, {
    name: `rune:${runeName}`,
    lane: options.lane,
    priority: options.priority,
    costOps: options.costOps,
    costEntropy: 0,
    fn,
    tags: options.tags ?? ['rune'],
  });
}

/** Own-property lookup: inherited names (`constructor`, `toString`) are not rune inputs. */
function lookup(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  return Object.prototype.hasOwnProperty.call(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

/**
 * Task bindings: wrap a callable, or a rune invocation, into a `TaskSpec`.
 * Owns: `bindCallable`, `bindRuneInvoke`. Must not: run tasks or touch the scheduler.
 */
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { makeTaskSpec } from './task-spec.js';
import type { Lane, TaskContext, TaskFn, TaskSpec } from './types.js';
import { requireFunction, requireName, requireObject } from './validate.js';

export interface BindCallableOptions {
  readonly name: string;
  readonly lane: Lane;
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy?: number;
  readonly fn: TaskFn;
  readonly tags?: readonly string[];
}

/** Wraps a deterministic `fn(ctx)` into a task. */
export function bindCallable(options: BindCallableOptions): TaskSpec {
  return makeTaskSpec('bindCallable', options);
}

/** What a rune task returns when its inputs are absent from the context. */
export interface NotComputable {
  readonly status: 'not_computable';
  readonly missing: string;
}

export interface BindRuneInvokeOptions {
  readonly runeName: string;
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
export function bindRuneInvoke(options: BindRuneInvokeOptions): TaskSpec {
  const fnName = 'bindRuneInvoke';
  requireObject(fnName, 'options', options);
  requireKnownKeys(fnName, options, RUNE_INVOKE_KEYS);
  requireName(fnName, 'runeName', options.runeName);
  requireFunction(fnName, 'invoker', options.invoker);
  const inputKey = options.inputKey ?? 'rune_inputs';
  requireName(fnName, 'inputKey', inputKey);
  const { runeName, invoker } = options;

  const fn = (ctx: TaskContext): unknown => {
    const inputs = lookup(ctx, inputKey);
    const runeInputs = inputs === undefined || inputs === null ? undefined : lookup(inputs, runeName);
    if (runeInputs === undefined || runeInputs === null) {
      const missing: NotComputable = { status: 'not_computable', missing: runeName };
      return missing;
    }
    return invoker(runeName, runeInputs);
  };

  return makeTaskSpec(fnName, {
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

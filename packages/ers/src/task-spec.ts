/**
 * Building and checking `TaskSpec`s. Both the bindings and `DeterministicScheduler.add` go through
 * `makeTaskSpec`, so a hand-built task is held to the same rules as a bound one.
 * Owns: the TaskSpec rules. Must not: run tasks.
 */
import { optionKeys, requireKnownKeys } from './option-keys.js';
import type { DefaultContext, Lane, TaskFn, TaskSpec } from './types.js';
import {
  requireFunction,
  requireLane,
  requireName,
  requireNonNegativeInt,
  requireObject,
  requireSafeInt,
  requireTags,
} from './validate.js';

export interface TaskSpecInput<Ctx extends object = DefaultContext, N extends string = string, L extends Lane = Lane> {
  readonly name: N;
  readonly lane: L;
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy?: number;
  readonly fn: TaskFn<Ctx, L>;
  readonly tags?: readonly string[];
}

const TASK_SPEC_KEYS = optionKeys<TaskSpecInput>({ name: true, lane: true, priority: true, costOps: true, costEntropy: true, fn: true, tags: true });

/** Validates every field (errors name `fnName` and `prefix.field`) and returns a frozen TaskSpec. */
export function makeTaskSpec<Ctx extends object = DefaultContext, N extends string = string, L extends Lane = Lane>(
  fnName: string,
  input: TaskSpecInput<Ctx, N, L>,
  prefix = '',
): TaskSpec<Ctx, N> {
  requireObject(fnName, prefix === '' ? 'options' : prefix.slice(0, -1), input);
  requireKnownKeys(fnName, input, TASK_SPEC_KEYS, prefix);
  requireName(fnName, `${prefix}name`, input.name);
  requireLane(fnName, `${prefix}lane`, input.lane);
  requireSafeInt(fnName, `${prefix}priority`, input.priority);
  requireNonNegativeInt(fnName, `${prefix}costOps`, input.costOps);
  const costEntropy = input.costEntropy ?? 0;
  requireNonNegativeInt(fnName, `${prefix}costEntropy`, costEntropy);
  requireFunction(fnName, `${prefix}fn`, input.fn);
  const tags = input.tags ?? [];
  requireTags(fnName, `${prefix}tags`, tags);
  // The lane and fn were checked together above; the union member follows from the lane.
  return Object.freeze({
    name: input.name,
    lane: input.lane,
    priority: input.priority,
    costOps: input.costOps,
    costEntropy,
    fn: input.fn,
    tags: Object.freeze([...tags]),
  }) as TaskSpec<Ctx, N>;
}

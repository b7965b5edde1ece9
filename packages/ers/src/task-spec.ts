/**
 * Building and checking `TaskSpec`s. Both the bindings and `DeterministicScheduler.add` go through
 * `makeTaskSpec`, so a hand-built task is held to the same rules as a bound one.
 * Owns: the TaskSpec rules. Must not: run tasks.
 */
import { optionKeys, requireKnownKeys } from './option-keys.js';
import type { Lane, TaskFn, TaskSpec } from './types.js';
import {
  requireFunction,
  requireLane,
  requireName,
  requireNonNegativeInt,
  requireObject,
  requireSafeInt,
  requireTags,
} from './validate.js';

export interface TaskSpecInput {
  readonly name: string;
  readonly lane: Lane;
  readonly priority: number;
  readonly costOps: number;
  readonly costEntropy?: number;
  readonly fn: TaskFn;
  readonly tags?: readonly string[];
}

const TASK_SPEC_KEYS = optionKeys<TaskSpecInput>({ name: true, lane: true, priority: true, costOps: true, costEntropy: true, fn: true, tags: true });

/** Validates every field (errors name `fnName` and `prefix.field`) and returns a frozen TaskSpec. */
export function makeTaskSpec(fnName: string, input: TaskSpecInput, prefix = ''): TaskSpec {
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
  return Object.freeze({
    name: input.name,
    lane: input.lane,
    priority: input.priority,
    costOps: input.costOps,
    costEntropy,
    fn: input.fn,
    tags: Object.freeze([...tags]),
  });
}

/** fast-check arbitraries for tasks, budgets and JSON values. */
import fc from 'fast-check';
import type { Lane } from '../../src/index.js';

export interface TaskShape {
  name: string;
  lane: Lane;
  priority: number;
  costOps: number;
  costEntropy: number;
  tags: string[];
  outcome: 'ok' | 'throw';
}

/** Strings over all of Unicode (astral planes included), without lone surrogates. */
export const unicodeString = (opts: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: 'grapheme', ...opts });

export const taskShape: fc.Arbitrary<Omit<TaskShape, 'name'>> = fc.record({
  lane: fc.constantFrom<Lane>('forecast', 'shadow'),
  priority: fc.integer({ min: -5, max: 5 }),
  costOps: fc.nat({ max: 12 }),
  costEntropy: fc.nat({ max: 3 }),
  tags: fc.array(unicodeString({ maxLength: 4 }), { maxLength: 3 }),
  outcome: fc.constantFrom<'ok' | 'throw'>('ok', 'ok', 'throw'),
});

/** A list of tasks with unique names (names drawn from all of Unicode). */
export const taskList: fc.Arbitrary<TaskShape[]> = fc
  .uniqueArray(unicodeString({ minLength: 1, maxLength: 6 }), { maxLength: 25 })
  .chain((names) =>
    fc.tuple(...names.map((name) => taskShape.map((t) => ({ ...t, name })))).map((tasks) => tasks),
  );

export const budgetInit = fc.record({ ops: fc.nat({ max: 60 }), entropy: fc.nat({ max: 8 }) });

/** Arbitrary JSON-exact values with keys from all of Unicode (numbers within ±(2^53 − 1)). */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    unicodeString({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(unicodeString({ maxLength: 5 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

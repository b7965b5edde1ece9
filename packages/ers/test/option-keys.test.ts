/**
 * Latches that bite: every options object of the public API refuses a key it does not know, naming
 * the key and the nearest known one, before anything runs; a gate compares at least two runs.
 */
import { describe, expect, it } from 'vitest';
import {
  Budget,
  DeterministicScheduler,
  ErsValidationError,
  bindCallable,
  bindRuneInvoke,
  dozenRunInvarianceGate,
  dozenRunInvarianceGateAsync,
} from '../src/index.js';
import { promotionPolicy } from '../src/promotion-entry.js';

const budgets = { budgetForecast: new Budget({ ops: 10 }), budgetShadow: new Budget({ ops: 10 }) };
const task = { name: 't', lane: 'forecast', priority: 0, costOps: 1, fn: () => null } as const;
const rune = { runeName: 'sei', lane: 'shadow', priority: 0, costOps: 1, invoker: () => null } as const;

function caught(run: () => unknown): ErsValidationError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ErsValidationError);
    return e as ErsValidationError;
  }
  throw new Error('expected a throw');
}

describe('unknown option keys are refused, naming the key and the nearest known one', () => {
  it.each([
    ['runTick', 'DeterministicScheduler.runTick', 'budgetshadow', 'budgetShadow', () =>
      new DeterministicScheduler().runTick({ tick: 0, ...budgets, context: {}, budgetshadow: new Budget({ ops: 1 }) } as never)],
    ['runTick (typo)', 'DeterministicScheduler.runTick', 'contxet', 'context', () =>
      new DeterministicScheduler().runTick({ tick: 0, ...budgets, context: {}, contxet: {} } as never)],
    ['Budget', 'Budget', 'entropie', 'entropy', () => new Budget({ ops: 1, entropie: 2 } as never)],
    ['Budget (case)', 'Budget', 'OPS', 'ops', () => new Budget({ ops: 1, OPS: 2 } as never)],
    ['bindCallable', 'bindCallable', 'cost_ops', 'costOps', () => bindCallable({ ...task, cost_ops: 3 } as never)],
    ['bindCallable (tag)', 'bindCallable', 'tag', 'tags', () => bindCallable({ ...task, tag: ['x'] } as never)],
    ['DeterministicScheduler.add', 'DeterministicScheduler.add', 'task.priorty', 'priority', () =>
      { new DeterministicScheduler().add({ ...bindCallable(task), priorty: 1 } as never); }],
    ['bindRuneInvoke', 'bindRuneInvoke', 'inputkey', 'inputKey', () => bindRuneInvoke({ ...rune, inputkey: 'x' } as never)],
    ['dozenRunInvarianceGate', 'dozenRunInvarianceGate', 'run', 'runs', () => dozenRunInvarianceGate({ makeTrace: () => [], run: 1 } as never)],
    ['promotionPolicy stage', 'promotionPolicy', 'canery', 'canary', () => promotionPolicy({ canery: {} } as never)],
    ['promotionPolicy field', 'promotionPolicy', 'shadow.promote_afer', 'promote_after', () =>
      promotionPolicy({ shadow: { promote_afer: 3 } } as never)],
  ] as const)('%s', (_label, fn, field, nearest, run) => {
    const err = caught(run);
    expect(err.fn).toBe(fn);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(new RegExp(`^${fn.replace('.', '\\.')}: ${field.replace('.', '\\.')} .*did you mean ${nearest}\\?$`));
  });

  it('the exact message for the issue\'s case', () => {
    expect(caught(() => new DeterministicScheduler().runTick({ tick: 0, ...budgets, context: {}, budgetshadow: 1 } as never)).message).toBe(
      'DeterministicScheduler.runTick: budgetshadow is not a known option; did you mean budgetShadow?',
    );
  });

  it('lists the known options when no key is near', () => {
    expect(caught(() => new Budget({ ops: 1, somethingElse: true } as never)).message).toBe(
      'Budget: somethingElse is not a known option; known options are ops, entropy',
    );
  });

  it('bindRuneInvoke has no costEntropy option (a rune task costs no entropy)', () => {
    expect(caught(() => bindRuneInvoke({ ...rune, costEntropy: 1 } as never)).message).toBe(
      'bindRuneInvoke: costEntropy is not a known option; known options are runeName, lane, priority, costOps, invoker, inputKey, tags',
    );
  });

  it('an own __proto__ key is refused, not ignored', () => {
    const init = JSON.parse('{"ops": 1, "__proto__": {"entropy": 5}}') as never;
    expect(caught(() => new Budget(init)).field).toBe('__proto__');
  });

  it('refuses before any task runs', async () => {
    let ran = 0;
    const s = new DeterministicScheduler();
    s.add(bindCallable({ ...task, fn: () => ++ran }));
    expect(() => s.runTick({ tick: 0, ...budgets, context: {}, budgetshadow: 1 } as never)).toThrow(ErsValidationError);
    await expect(s.runTickAsync({ tick: 0, ...budgets, context: {}, Tick: 1 } as never)).rejects.toThrow(
      'DeterministicScheduler.runTickAsync: Tick is not a known option; did you mean tick?',
    );
    let traced = 0;
    await expect(dozenRunInvarianceGateAsync({ makeTrace: () => (traced++, []), Runs: 3 } as never)).rejects.toThrow(
      'dozenRunInvarianceGateAsync: Runs is not a known option; did you mean runs?',
    );
    expect([ran, traced]).toEqual([0, 0]);
  });

  it('inherited keys are not options: a class instance with methods is fine', () => {
    class Init {
      readonly ops = 2;
      describe(): string {
        return 'two';
      }
    }
    expect(new Budget(new Init()).ops).toBe(2);
    expect(new Budget(new Budget({ ops: 3, entropy: 1 })).entropy).toBe(1);
  });
});

describe('a gate compares at least two runs', () => {
  it.each([1, 0])('dozenRunInvarianceGate refuses runs: %i', (runs) => {
    let traced = 0;
    const err = caught(() => dozenRunInvarianceGate({ makeTrace: () => (traced++, []), runs }));
    expect(err.field).toBe('runs');
    expect(err.message).toBe(`dozenRunInvarianceGate: runs must be a safe integer of at least 2 (a gate compares at least two runs); got ${runs}`);
    expect(traced).toBe(0);
  });

  it('dozenRunInvarianceGateAsync refuses runs: 1', async () => {
    await expect(dozenRunInvarianceGateAsync({ makeTrace: () => [], runs: 1 })).rejects.toThrow(
      'dozenRunInvarianceGateAsync: runs must be a safe integer of at least 2 (a gate compares at least two runs); got 1',
    );
  });

  it('two runs are a gate', () => {
    const r = dozenRunInvarianceGate({ makeTrace: () => [], runs: 2 });
    expect(r.hashes).toHaveLength(2);
    expect(r.ok).toBe(true);
  });
});

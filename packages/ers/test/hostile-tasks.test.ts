/**
 * Whatever a task throws or returns, the tick completes: that task is `error` with a readable
 * message and every other task keeps its result. A context that cannot be read is refused up front.
 */
/* eslint-disable @typescript-eslint/only-throw-error -- these tests throw non-Error values on purpose */
import { describe, expect, it } from 'vitest';
import { Budget, DeterministicScheduler, ErsValidationError, bindCallable, type TaskFn, type TickOutput } from '../src/index.js';

const budgets = { budgetForecast: new Budget({ ops: 100 }), budgetShadow: new Budget({ ops: 100 }) };

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Each case: what the hostile task does, and the error it must be recorded with. */
const HOSTILE: readonly { readonly label: string; readonly fn: TaskFn; readonly error: RegExp }[] = [
  {
    label: 'throws a revoked proxy',
    fn: () => {
      throw revoked();
    },
    error: /^Error: <a thrown object that cannot be inspected \(a revoked proxy\)>$/,
  },
  {
    label: 'throws an object whose message getter throws',
    fn: () => {
      throw Object.defineProperty(new Error('x'), 'message', {
        get() {
          throw new TypeError('no message');
        },
      });
    },
    error: /^Error: <its message cannot be read>$/,
  },
  {
    label: 'throws an object whose name getter throws',
    fn: () => {
      throw Object.defineProperty(new Error('the message'), 'name', {
        get() {
          throw new TypeError('no name');
        },
      });
    },
    error: /^Error: the message$/,
  },
  {
    label: 'throws an object whose message getter throws a revoked proxy',
    fn: () => {
      throw {
        get message(): string {
          throw revoked();
        },
      };
    },
    error: /^Error: <its message cannot be read>$/,
  },
  {
    label: 'throws an object whose toString throws',
    fn: () => {
      throw {
        toString(): string {
          throw new Error('no text');
        },
      };
    },
    error: /^Error: \[object Object\]$/,
  },
  {
    label: 'throws a symbol',
    fn: () => {
      throw Symbol('odd');
    },
    error: /^Error: Symbol\(odd\)$/,
  },
  {
    label: 'throws null',
    fn: () => {
      throw null;
    },
    error: /^Error: null$/,
  },
  {
    label: 'throws a proxy whose traps all throw',
    fn: () => {
      const trap = () => {
        throw new Error('trap');
      };
      throw new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    },
    error: /^Error: <a thrown object that cannot be inspected>$/,
  },
  {
    label: 'returns a revoked proxy',
    fn: () => revoked(),
    error: /^TypeError: .*revoked/,
  },
  {
    label: 'returns an object whose then getter throws',
    fn: () => ({
      get then(): unknown {
        throw new RangeError('no then');
      },
    }),
    error: /^RangeError: no then$/,
  },
  {
    label: 'returns an object whose then getter throws a revoked proxy',
    fn: () => ({
      get then(): unknown {
        throw revoked();
      },
    }),
    error: /^Error: <a thrown object that cannot be inspected \(a revoked proxy\)>$/,
  },
];

function scheduler(hostile: TaskFn, lane: 'forecast' | 'shadow'): DeterministicScheduler {
  const s = new DeterministicScheduler();
  s.add(bindCallable({ name: 'before', lane: 'forecast', priority: 0, costOps: 1, fn: () => 'first' }));
  s.add(bindCallable({ name: 'hostile', lane, priority: 1, costOps: 1, fn: hostile }));
  s.add(bindCallable({ name: 'after', lane: 'shadow', priority: 2, costOps: 1, fn: () => 'last' }));
  return s;
}

function expectContained(out: TickOutput, error: RegExp): void {
  expect(out.results.hostile?.status).toBe('error');
  expect(out.results.hostile?.error).toMatch(error);
  expect(out.results.hostile?.value).toBeNull();
  expect(out.results.before?.value).toBe('first');
  expect(out.results.after?.value).toBe('last');
  expect(out.trace.map((e) => [e.task, e.status])).toEqual([
    ['before', 'ok'],
    ['hostile', 'error'],
    ['after', 'ok'],
  ]);
}

describe('whatever a task throws or returns, the tick completes', () => {
  for (const { label, fn, error } of HOSTILE) {
    for (const lane of ['forecast', 'shadow'] as const) {
      it(`runTick: a ${lane} task that ${label}`, () => {
        expectContained(scheduler(fn, lane).runTick({ tick: 0, ...budgets, context: {} }), error);
      });
      it(`runTickAsync: a ${lane} task that ${label}`, async () => {
        expectContained(await scheduler(fn, lane).runTickAsync({ tick: 0, ...budgets, context: {} }), error);
      });
    }
  }

  it('runTickAsync: a task whose promise resolves to a revoked proxy is an error', async () => {
    const out = await scheduler(() => Promise.resolve().then(() => revoked()), 'forecast').runTickAsync({ tick: 0, ...budgets, context: {} });
    expectContained(out, /^TypeError: .*revoked/);
  });
});

describe('a context that cannot be read is refused', () => {
  for (const method of ['runTick', 'runTickAsync'] as const) {
    it(`${method}: a revoked proxy as the context is an ErsValidationError naming the function and field`, async () => {
      const s = scheduler(() => 'never', 'forecast');
      let ran = false;
      s.add(bindCallable({ name: 'probe', lane: 'forecast', priority: 9, costOps: 1, fn: () => (ran = true) }));
      const call = async (): Promise<unknown> => s[method]({ tick: 0, ...budgets, context: revoked() });
      const err: unknown = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ErsValidationError);
      expect((err as ErsValidationError).fn).toBe(`DeterministicScheduler.${method}`);
      expect((err as ErsValidationError).field).toBe('context');
      expect((err as Error).message).toBe(`DeterministicScheduler.${method}: context must be an object that can be read; got a revoked proxy`);
      expect(ran).toBe(false);
    });
  }

  it('a revoked proxy as the options object is an ErsValidationError too', () => {
    expect(() => new DeterministicScheduler().runTick(revoked() as never)).toThrow(
      new ErsValidationError('DeterministicScheduler.runTick', 'options', 'must be an object that can be read; got a revoked proxy'),
    );
  });
});

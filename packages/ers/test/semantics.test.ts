import { describe, expect, it } from 'vitest';
import { readOnlyView } from '@abraxas/internal';
import { Budget, DeterministicScheduler, bindCallable, bindRuneInvoke, type TaskFn, type TaskSpec } from '../src/index.js';

const budgets = { budgetForecast: new Budget({ ops: 100 }), budgetShadow: new Budget({ ops: 100 }) };
const task = (name: string, lane: 'forecast' | 'shadow', fn: TaskFn, priority = 0): TaskSpec =>
  bindCallable({ name, lane, priority, costOps: 1, fn });

function run(tasks: TaskSpec[], context: Record<string, unknown>) {
  const s = new DeterministicScheduler();
  tasks.forEach((t) => { s.add(t); });
  return s.runTick({ tick: 1, ...budgets, context });
}

describe('shadow lane is observation-only', () => {
  it('shadow tasks can read the context, deeply', () => {
    const ctx = { series: [1, 2, 3], cfg: { window: { size: 3 } }, lookup: new Map([['k', { v: 7 }]]) };
    const out = run(
      [
        task('s:read', 'shadow', (c) => {
          const cfg = c.cfg as typeof ctx.cfg;
          const series = c.series as number[];
          const lookup = c.lookup as Map<string, { v: number }>;
          return { sum: series.reduce((a: number, x: number) => a + x, 0), size: cfg.window.size, v: lookup.get('k')?.v, keys: Object.keys(c) };
        }),
      ],
      ctx,
    );
    expect(out.results['s:read']?.status).toBe('ok');
    expect(out.results['s:read']?.value).toEqual({ sum: 6, size: 3, v: 7, keys: ['series', 'cfg', 'lookup'] });
  });

  const writes: [string, (c: Record<string, unknown>) => void][] = [
    ['top-level set', (c) => (c.injected = 1)],
    ['nested set', (c) => ((c.cfg as { window: { size: number } }).window.size = 99)],
    ['delete', (c) => delete c.cfg],
    ['array push', (c) => (c.series as number[]).push(4)],
    ['array sort in place', (c) => (c.series as number[]).sort((a, b) => b - a)],
    ['defineProperty', (c) => Object.defineProperty(c, 'x', { value: 1 })],
    ['Map.set', (c) => (c.lookup as Map<string, unknown>).set('k', 0)],
    ['mutating a value read from a Map', (c) => ((c.lookup as Map<string, { v: number }>).get('k') as { v: number }).v = 0],
    ['Object.assign', (c) => Object.assign(c.cfg as object, { extra: true })],
    ['setPrototypeOf', (c) => void Object.setPrototypeOf(c, null)],
  ];

  it.each(writes)('a %s is that task’s error and leaves the context unchanged', (_label, write) => {
    const ctx = { series: [3, 1, 2], cfg: { window: { size: 3 } }, lookup: new Map([['k', { v: 7 }]]) };
    const before = JSON.stringify({ ...ctx, lookup: [...ctx.lookup] });
    const out = run(
      [
        task('s:write', 'shadow', (c) => {
          write(c);
          return 'wrote';
        }),
        task('s:after', 'shadow', () => 'still runs', 1),
        task('f:writer', 'forecast', () => 'forecast ok'),
      ],
      ctx,
    );
    expect(out.results['s:write']?.status).toBe('error');
    expect(out.results['s:write']?.error).toMatch(/^ShadowWriteError: shadow task "s:write" cannot write context/);
    expect(out.results['s:write']?.cost_ops).toBe(1);
    expect(out.results['s:after']?.status).toBe('ok');
    expect(JSON.stringify({ ...ctx, lookup: [...ctx.lookup] })).toBe(before);
    expect(Object.getPrototypeOf(ctx)).toBe(Object.prototype);
  });

  it('forecast tasks see the context itself and may write it', () => {
    const ctx: Record<string, unknown> = {};
    const out = run(
      [
        task('f:write', 'forecast', (c) => {
          (c as Record<string, unknown>).signal = 42;
          return 'ok';
        }),
        task('s:see', 'shadow', (c) => c.signal),
      ],
      ctx,
    );
    expect(ctx.signal).toBe(42);
    expect(out.results['s:see']?.value).toBe(42);
  });
});

describe('async task functions', () => {
  const asyncTask = task('f:async', 'forecast', () => Promise.resolve('later'));

  it('runTick records a returned promise as an error pointing to runTickAsync, spending its costs', () => {
    const out = run([asyncTask, task('f:next', 'forecast', () => 'sync', 1)], {});
    expect(out.results['f:async']?.status).toBe('error');
    expect(out.results['f:async']?.error).toMatch(/^AsyncTaskError: .*runTickAsync/);
    expect(out.results['f:async']?.cost_ops).toBe(1);
    expect(out.results['f:next']?.status).toBe('ok');
    expect(out.remaining.forecast.ops).toBe(98);
  });

  it('runTick does not leave a rejected promise unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      run([task('f:reject', 'forecast', () => Promise.reject(new Error('x')))], {});
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('runTickAsync awaits tasks one at a time in schedule order and gives the same trace as sync tasks', async () => {
    const log: string[] = [];
    const slow = (name: string, priority: number, lane: 'forecast' | 'shadow' = 'forecast') =>
      bindCallable({
        name,
        lane,
        priority,
        costOps: 2,
        fn: async () => {
          log.push(`start ${name}`);
          await new Promise((r) => setTimeout(r, 5));
          log.push(`end ${name}`);
          return name.toUpperCase();
        },
      });
    const failing = bindCallable({
      name: 'f:fail',
      lane: 'forecast',
      priority: 5,
      costOps: 1,
      fn: async () => {
        await Promise.resolve();
        throw new TypeError('bad input');
      },
    });
    const s = new DeterministicScheduler();
    [slow('s:one', 0, 'shadow'), slow('f:b', 1), slow('f:a', 0), failing].forEach((t) => { s.add(t); });
    const out = await s.runTickAsync({ tick: 2, ...budgets, context: {} });
    expect(log).toEqual(['start f:a', 'end f:a', 'start f:b', 'end f:b', 'start s:one', 'end s:one']);
    expect(out.results['f:a']?.value).toBe('F:A');
    expect(out.results['f:fail']?.error).toBe('TypeError: bad input');
    expect(out.trace.map((e) => [e.task, e.status])).toEqual([
      ['f:a', 'ok'],
      ['f:b', 'ok'],
      ['f:fail', 'error'],
      ['s:one', 'ok'],
    ]);
  });

  it('async shadow tasks also get the read-only view', async () => {
    const s = new DeterministicScheduler();
    s.add(
      bindCallable({
        name: 's:w',
        lane: 'shadow',
        priority: 0,
        costOps: 1,
        fn: async (c) => {
          await Promise.resolve();
          (c as Record<string, unknown>).x = 1;
        },
      }),
    );
    const ctx = {};
    const out = await s.runTickAsync({ tick: 0, ...budgets, context: ctx });
    expect(out.results['s:w']?.error).toMatch(/^ShadowWriteError/);
    expect(ctx).toEqual({});
  });
});

describe('errors and results', () => {
  it('formats a throw as "<Name>: <message>" and keeps going', () => {
    class Boom extends Error {
      override name = 'Boom';
    }
    const out = run(
      [
        task('a', 'forecast', () => {
          throw new Boom('deliberate failure');
        }),
        task('b', 'forecast', () => {
          throw new Error('');
        }),
        task('c', 'forecast', () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw 'plain string';
        }),
      ],
      {},
    );
    expect(out.results.a?.error).toBe('Boom: deliberate failure');
    expect(out.results.b?.error).toBe('Error: ');
    expect(out.results.c?.error).toBe('Error: plain string');
    expect(out.results.a?.value).toBeNull();
  });

  it('keeps a task named "__proto__" as an ordinary result', () => {
    const out = run([task('__proto__', 'forecast', () => 1)], {});
    expect(Object.keys(out.results)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out.results)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out.results, '__proto__')?.value).toMatchObject({ status: 'ok', value: 1 });
  });

  it('Budget is immutable and canAfford is cost <= remaining', () => {
    const budget = new Budget({ ops: 5, entropy: 1 });
    expect(budget.canAfford(5, 1)).toBe(true);
    expect(budget.canAfford(6)).toBe(false);
    expect(budget.canAfford(0, 2)).toBe(false);
    expect(new Budget({ ops: 3 }).entropy).toBe(0);
    expect(() => ((budget as { ops: number }).ops = 9)).toThrow(TypeError);
    expect(JSON.stringify(budget)).toBe('{"ops":5,"entropy":1}');
  });

  it('tasks added between ticks join the order', () => {
    const s = new DeterministicScheduler();
    s.add(task('b', 'forecast', () => 1));
    expect(s.tasks.map((t) => t.name)).toEqual(['b']);
    s.add(task('a', 'forecast', () => 1));
    expect(s.runTick({ tick: 0, ...budgets, context: {} }).trace.map((e) => e.task)).toEqual(['a', 'b']);
  });
});

describe('rune bindings', () => {
  const invoker = (rune: string, inputs: unknown) => ({ rune, inputs });

  it('names the task rune:<name>, tags it "rune" and invokes with the context inputs', () => {
    const spec = bindRuneInvoke({ runeName: 'sei', lane: 'shadow', priority: 0, costOps: 1, invoker });
    expect(spec.name).toBe('rune:sei');
    expect(spec.tags).toEqual(['rune']);
    const out = run([spec], { rune_inputs: { sei: { x: 1 } } });
    expect(out.results['rune:sei']?.value).toEqual({ rune: 'sei', inputs: { x: 1 } });
    expect(out.trace[0]?.meta).toEqual({ tags: ['rune'] });
  });

  it.each([
    ['no input map', {}],
    ['input map without the rune', { rune_inputs: { other: {} } }],
    ['null inputs', { rune_inputs: { sei: null } }],
    ['inherited name only', { rune_inputs: {} }],
  ])('returns not_computable when inputs are absent (%s)', (_label, ctx) => {
    const spec = bindRuneInvoke({ runeName: 'sei', lane: 'forecast', priority: 0, costOps: 1, invoker });
    const out = run([spec], ctx);
    expect(out.results['rune:sei']?.status).toBe('ok');
    expect(out.results['rune:sei']?.value).toEqual({ status: 'not_computable', missing: 'sei' });
  });

  it('does not treat Object.prototype members as rune inputs', () => {
    const spec = bindRuneInvoke({ runeName: 'constructor', lane: 'forecast', priority: 0, costOps: 1, invoker });
    expect(run([spec], { rune_inputs: {} }).results['rune:constructor']?.value).toEqual({
      status: 'not_computable',
      missing: 'constructor',
    });
  });

  it('honours inputKey and custom tags', () => {
    const spec = bindRuneInvoke({ runeName: 'x', lane: 'forecast', priority: 0, costOps: 1, invoker, inputKey: 'in', tags: ['a', 'b'] });
    const out = run([spec], { in: { x: 5 } });
    expect(out.results['rune:x']?.value).toEqual({ rune: 'x', inputs: 5 });
    expect(out.trace[0]?.meta).toEqual({ tags: ['a', 'b'] });
  });
});

describe('readOnlyView for other observers', () => {
  it('throws the caller’s error with the written path and leaves the object alone', () => {
    class Refused extends Error {}
    const target = { a: { b: [1] } };
    const view = readOnlyView(target, (path) => new Refused(`no: ${path}`));
    expect(view.a.b[0]).toBe(1);
    expect(() => {
      view.a.b.push(2);
    }).toThrow(new Refused('no: context.a.b.1'));
    expect(target).toEqual({ a: { b: [1] } });
  });
});

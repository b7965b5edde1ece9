/**
 * Types that guide: the context type flows from the scheduler into every task function (forecast
 * tasks may write it, shadow tasks see it deeply read-only), and `results` is keyed by the names of
 * the tasks the scheduler was built with. The `@ts-expect-error` lines are the negative cases: the
 * package's typecheck (`tsc -p tsconfig.test.json`) fails if any of them stops being an error.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Budget,
  DeterministicScheduler,
  bindCallable,
  bindRuneInvoke,
  type DeepReadonly,
  type TaskResult,
  type TaskSpec,
  type TickOutput,
} from '../src/index.js';

interface Ctx {
  signal?: number;
  readonly series: number[];
  cfg: { window: { size: number } };
  lookup: Map<string, { v: number }>;
}

const budgets = { budgetForecast: new Budget({ ops: 10 }), budgetShadow: new Budget({ ops: 10 }) };
const context = (): Ctx => ({ series: [1, 2, 3], cfg: { window: { size: 3 } }, lookup: new Map([['k', { v: 7 }]]) });

function build() {
  return new DeterministicScheduler<Ctx>()
    .add(
      bindCallable({
        name: 'oracle:signal',
        lane: 'forecast',
        priority: 0,
        costOps: 1,
        fn: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<Ctx>();
          ctx.signal = ctx.series.length;
          ctx.cfg.window.size = 4;
          return ctx.signal;
        },
      }),
    )
    .add(
      bindCallable({
        name: 'shadow:sei',
        lane: 'shadow',
        priority: 0,
        costOps: 1,
        fn: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<DeepReadonly<Ctx>>();
          // @ts-expect-error a shadow task cannot write the context
          ctx.signal = 1;
          // @ts-expect-error ... at any depth
          ctx.cfg.window.size = 1;
          /* eslint-disable @typescript-eslint/no-unsafe-call -- these methods do not exist on the read-only types: that is the test */
          // @ts-expect-error ... nor mutate an array in it
          ctx.series.push(4);
          // @ts-expect-error ... nor a Map in it
          ctx.lookup.set('k', { v: 1 });
          /* eslint-enable @typescript-eslint/no-unsafe-call */
          return ctx.lookup.get('k')?.v;
        },
      }),
    );
}

describe('the context type parameter', () => {
  it('reaches forecast tasks as Ctx and shadow tasks as DeepReadonly<Ctx>, and the tick runs', () => {
    const ctx = context();
    const out = build().runTick({ tick: 0, ...budgets, context: ctx });
    expect(out.results['oracle:signal'].value).toBe(3);
    expect(out.results['shadow:sei'].status).toBe('error');
    expect(ctx.signal).toBe(3);
  });

  it('is checked against runTick’s context', () => {
    const s = build();
    // @ts-expect-error the context must be a Ctx
    expect(() => s.runTick({ tick: 0, ...budgets, context: { series: 'no' } })).not.toThrow();
  });

  it('refuses a task written for another context', () => {
    const other = bindCallable<{ other: string }>({ name: 'x', lane: 'forecast', priority: 0, costOps: 1, fn: (c) => c.other });
    // @ts-expect-error the task needs a context with `other`
    new DeterministicScheduler<Ctx>().add(other);
  });

  it('types a hand-built task by its lane', () => {
    const s = new DeterministicScheduler<Ctx>().add({
      name: 'shadow:hand',
      lane: 'shadow',
      priority: 0,
      costOps: 1,
      costEntropy: 0,
      tags: [],
      fn: (ctx) => {
        // @ts-expect-error shadow lane: read-only
        ctx.signal = 2;
        return ctx.series[0];
      },
    });
    expectTypeOf(s.runTick({ tick: 0, ...budgets, context: context() }).results).toEqualTypeOf<{ readonly 'shadow:hand': TaskResult }>();
  });
});

describe('results typed by task names', () => {
  it('has exactly the names the scheduler was built with', () => {
    const out = build().runTick({ tick: 0, ...budgets, context: context() });
    expectTypeOf(out).toEqualTypeOf<TickOutput<'oracle:signal' | 'shadow:sei'>>();
    expectTypeOf(out.results['oracle:signal'].status).toEqualTypeOf<TaskResult['status']>();
    // @ts-expect-error a misspelt task name
    expect(out.results['oracle:signa']).toBeUndefined();
  });

  it('falls back to an index by any name when names are not known', () => {
    const s = new DeterministicScheduler();
    const names: string[] = ['a'];
    for (const name of names) s.add(bindCallable({ name, lane: 'forecast', priority: 0, costOps: 1, fn: () => 1 }));
    const out = s.runTick({ tick: 0, ...budgets, context: {} });
    expectTypeOf(out.results).toEqualTypeOf<{ readonly [task: string]: TaskResult }>();
    expect(out.results.a?.value).toBe(1);
  });

  it('names a rune task rune:<runeName>', () => {
    const rune = bindRuneInvoke({ runeName: 'sei', lane: 'shadow', priority: 0, costOps: 1, invoker: () => 1 });
    expectTypeOf(rune).toEqualTypeOf<TaskSpec<object, 'rune:sei'>>();
    const out = new DeterministicScheduler<Ctx>().add(rune).runTick({ tick: 0, ...budgets, context: context() });
    expect(out.results['rune:sei'].value).toEqual({ status: 'not_computable', missing: 'sei' });
  });
});

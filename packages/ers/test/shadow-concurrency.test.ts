/**
 * `runTickAsync({ shadowConcurrency })`: shadow tasks in flight together give the trace, results and
 * remaining budgets of one-at-a-time execution, byte for byte; at most N are in flight; forecast
 * tasks stay sequential and never overlap a shadow task; the option is validated.
 */
import fc from 'fast-check';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Budget, DeterministicScheduler, ErsValidationError, bindCallable, canonicalJson, traceHashSha256, type TickOutput } from '../src/index.js';
import { budgetInit, taskList, type TaskShape } from './support/arbitraries.js';

/** How a task ends: after `hops` event-loop turns (0: synchronously), with a value or a throw. */
interface Behaviour {
  readonly hops: number;
  readonly outcome: 'ok' | 'throw' | 'reject';
}

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  hops: fc.nat({ max: 6 }),
  outcome: fc.constantFrom<Behaviour['outcome']>('ok', 'ok', 'throw', 'reject'),
});

async function hops(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await tick();
}

/**
 * Runs `tasks` with their behaviours. Forecast tasks read the context's counter, wait, then write
 * counter + 1: overlapping forecast tasks would read the same counter and return the same value.
 */
function run(
  tasks: readonly TaskShape[],
  behaviours: readonly Behaviour[],
  forecast: { ops: number; entropy: number },
  shadow: { ops: number; entropy: number },
  shadowConcurrency?: number,
): Promise<TickOutput> {
  const s = new DeterministicScheduler<{ counter: number }>();
  tasks.forEach((t, i) => {
    const b = behaviours[i % behaviours.length] as Behaviour;
    s.add(
      bindCallable({
        name: t.name,
        lane: t.lane,
        priority: t.priority,
        costOps: t.costOps,
        costEntropy: t.costEntropy,
        tags: t.tags,
        fn: (ctx: { counter: number }) => {
          const seen = ctx.counter;
          if (b.hops === 0) {
            if (b.outcome !== 'ok') throw new RangeError(`${t.name} failed`);
            if (t.lane === 'forecast') ctx.counter = seen + 1;
            return { name: t.name, seen };
          }
          return hops(b.hops).then(() => {
            if (b.outcome === 'throw') throw new TypeError(`${t.name} threw late`);
            if (b.outcome === 'reject') return Promise.reject(new RangeError(`${t.name} rejected`));
            if (t.lane === 'forecast') ctx.counter = seen + 1;
            return { name: t.name, seen, after: ctx.counter };
          });
        },
      }),
    );
  });
  const options = { tick: 7, budgetForecast: new Budget(forecast), budgetShadow: new Budget(shadow), context: { counter: 0 } };
  return s.runTickAsync(shadowConcurrency === undefined ? options : { ...options, shadowConcurrency });
}

/** Everything a tick's output holds, as canonical bytes (result keys in their own order). */
function bytes(out: TickOutput): string {
  return JSON.stringify({
    traceHash: traceHashSha256(out.trace),
    resultKeys: Object.keys(out.results),
    results: canonicalJson(out.results),
    remaining: canonicalJson({ forecast: out.remaining.forecast.toJSON(), shadow: out.remaining.shadow.toJSON() }),
  });
}

describe('runTickAsync shadowConcurrency', () => {
  it('gives the sequential trace, results and remaining budgets for every task set, cost, budget, delay and throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        taskList,
        fc.array(behaviour, { minLength: 1, maxLength: 25 }),
        budgetInit,
        budgetInit,
        fc.integer({ min: 1, max: 8 }),
        async (tasks, behaviours, forecast, shadow, n) => {
          const sequential = await run(tasks, behaviours, forecast, shadow);
          const concurrent = await run(tasks, behaviours, forecast, shadow, n);
          expect(bytes(concurrent)).toBe(bytes(sequential));
          expect(concurrent.trace).toEqual(sequential.trace);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the trace in scheduled order when later shadow tasks finish first', async () => {
    const s = new DeterministicScheduler();
    const finished: string[] = [];
    for (const [name, wait] of [['a', 6], ['b', 3], ['c', 0]] as const) {
      s.add({ name, lane: 'shadow', priority: 0, costOps: 1, costEntropy: 0, tags: [], fn: async () => { await hops(wait); finished.push(name); return name; } });
    }
    s.add({ name: 'd', lane: 'shadow', priority: 0, costOps: 100, costEntropy: 0, tags: [], fn: () => 'never' });
    s.add({ name: 'e', lane: 'shadow', priority: 0, costOps: 1, costEntropy: 0, tags: [], fn: () => 'e' });
    const out = await s.runTickAsync({ tick: 0, budgetForecast: new Budget({ ops: 0, entropy: 0 }), budgetShadow: new Budget({ ops: 4, entropy: 0 }), context: {}, shadowConcurrency: 8 });
    expect(finished).toEqual(['c', 'b', 'a']);
    expect(out.trace.map((e) => `${e.task}:${e.status}`)).toEqual(['a:ok', 'b:ok', 'c:ok', 'd:skipped_budget', 'e:ok']);
    expect(Object.keys(out.results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(out.remaining.shadow.toJSON()).toEqual({ ops: 0, entropy: 0 });
  });

  it('has at most N shadow tasks in flight, and with N >= count starts them all before any finishes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 12, maxLength: 12 }), async (n, count, waits) => {
        const s = new DeterministicScheduler();
        const log: string[] = [];
        let inFlight = 0;
        let most = 0;
        for (let i = 0; i < count; i++) {
          s.add({
            name: `t${String(i).padStart(2, '0')}`,
            lane: 'shadow',
            priority: 0,
            costOps: 0,
            costEntropy: 0,
            tags: [],
            fn: async () => {
              inFlight++;
              most = Math.max(most, inFlight);
              log.push('start');
              await hops(waits[i] as number);
              log.push('end');
              inFlight--;
            },
          });
        }
        await s.runTickAsync({ tick: 0, budgetForecast: new Budget({ ops: 0, entropy: 0 }), budgetShadow: new Budget({ ops: 0, entropy: 0 }), context: {}, shadowConcurrency: n });
        expect(most).toBe(Math.min(n, count));
        if (n >= count) expect(log.indexOf('end')).toBe(count);
      }),
      { numRuns: 60 },
    );
  });

  it('runs every forecast task, one at a time, before the first shadow task starts', async () => {
    const s = new DeterministicScheduler();
    const log: string[] = [];
    for (const name of ['f1', 'f2', 'f3']) {
      s.add({ name, lane: 'forecast', priority: 0, costOps: 0, costEntropy: 0, tags: [], fn: async () => { log.push(`${name}+`); await hops(3); log.push(`${name}-`); } });
    }
    for (const name of ['s1', 's2']) {
      s.add({ name, lane: 'shadow', priority: 0, costOps: 0, costEntropy: 0, tags: [], fn: async () => { log.push(`${name}+`); await hops(1); log.push(`${name}-`); } });
    }
    await s.runTickAsync({ tick: 0, budgetForecast: new Budget({ ops: 0, entropy: 0 }), budgetShadow: new Budget({ ops: 0, entropy: 0 }), context: {}, shadowConcurrency: 4 });
    expect(log).toEqual(['f1+', 'f1-', 'f2+', 'f2-', 'f3+', 'f3-', 's1+', 's2+', 's1-', 's2-']);
  });

  it('refuses a shadowConcurrency that is not a positive safe integer, naming the field, before any task runs', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53, '2', null]) {
      let ran = false;
      const s = new DeterministicScheduler().add({ name: 'f', lane: 'forecast', priority: 0, costOps: 0, costEntropy: 0, tags: [], fn: () => { ran = true; } });
      const err = await s
        .runTickAsync({ tick: 0, budgetForecast: new Budget({ ops: 9, entropy: 0 }), budgetShadow: new Budget({ ops: 9, entropy: 0 }), context: {}, shadowConcurrency: bad as number })
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ErsValidationError);
      expect((err as ErsValidationError).field).toBe('shadowConcurrency');
      expect((err as Error).message).toMatch(/^DeterministicScheduler\.runTickAsync: shadowConcurrency must be a positive safe integer; got /);
      expect(ran).toBe(false);
    }
  });

  it('is refused as an unknown option by runTick, and a misspelling names it', async () => {
    const s = new DeterministicScheduler();
    const base = { tick: 0, budgetForecast: new Budget({ ops: 1, entropy: 0 }), budgetShadow: new Budget({ ops: 1, entropy: 0 }), context: {} };
    expect(() => s.runTick({ ...base, shadowConcurrency: 2 } as never)).toThrow(
      'DeterministicScheduler.runTick: shadowConcurrency is not a known option; known options are tick, budgetForecast, budgetShadow, context',
    );
    await expect(s.runTickAsync({ ...base, shadowConcurency: 2 } as never)).rejects.toThrow(
      'DeterministicScheduler.runTickAsync: shadowConcurency is not a known option; did you mean shadowConcurrency?',
    );
  });
});

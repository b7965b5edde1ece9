/**
 * Property tests of the fold helpers over random runs of the real ERS scheduler: totals are the
 * sums over the packs, the fold does not depend on input order, each lane's spending matches its
 * TrendPack and the scheduler's remaining budgets, and the status matrix holds every event once.
 */
import { compareCodePoints } from '@abraxas/internal';
import { Budget, bindCallable, DeterministicScheduler, type Lane } from '@abraxas/ers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ersTraceToTrendpack, foldTrendpacks, type LaneBudgetInputs, type TrendPack } from '../src/index.js';

interface GenTask {
  name: string;
  lane: Lane;
  priority: number;
  costOps: number;
  costEntropy: number;
  fails: boolean;
}
interface GenTick {
  tick: number;
  tasks: GenTask[];
  forecast: { ops: number; entropy: number };
  shadow: { ops: number; entropy: number };
}

// Names include an astral character and a private-use BMP character: code-unit order and
// code-point order disagree on them.
const names = ['a', 'b', 'B', 'é', '日本', '\u{1F600}', '\uE000', 'z-1', '__proto__'];
const taskArb: fc.Arbitrary<GenTask> = fc.record({
  name: fc.constantFrom(...names),
  lane: fc.constantFrom<Lane>('forecast', 'shadow'),
  priority: fc.integer({ min: -2, max: 2 }),
  costOps: fc.nat(6),
  costEntropy: fc.nat(2),
  fails: fc.boolean(),
});
const budgetArb = fc.record({ ops: fc.nat(20), entropy: fc.nat(4) });
const tickArb: fc.Arbitrary<GenTick> = fc.record({
  tick: fc.nat(10_000),
  tasks: fc.uniqueArray(taskArb, { selector: (t) => t.name, maxLength: 8 }),
  forecast: budgetArb,
  shadow: budgetArb,
});
const runArb = fc.uniqueArray(tickArb, { selector: (t) => t.tick, maxLength: 7 });

interface Ran {
  readonly pack: TrendPack;
  readonly gen: GenTick;
  readonly remaining: { readonly forecast: Budget; readonly shadow: Budget };
}

function run(gen: GenTick): Ran {
  const scheduler = new DeterministicScheduler();
  for (const { fails, ...t } of gen.tasks) {
    scheduler.add(
      bindCallable({
        ...t,
        fn: () => {
          if (fails) throw new Error('no');
          return 1;
        },
      }),
    );
  }
  const out = scheduler.runTick({
    tick: gen.tick,
    budgetForecast: new Budget(gen.forecast),
    budgetShadow: new Budget(gen.shadow),
    context: {},
  });
  const pack = ersTraceToTrendpack({ trace: out.trace, runId: 'PROP', tick: gen.tick, provenance: { gen: true } });
  return { pack, gen, remaining: out.remaining };
}

const budgetsFor =
  (ran: readonly Ran[]) =>
  (tick: number): LaneBudgetInputs | undefined => {
    const r = ran.find((x) => x.gen.tick === tick);
    return r === undefined ? undefined : { forecast: r.gen.forecast, shadow: r.gen.shadow };
  };

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('foldTrendpacks properties', () => {
  it('totals equal the sums over the packs', () => {
    fc.assert(
      fc.property(runArb, (gens) => {
        const ran = gens.map(run);
        const packs = ran.map((r) => r.pack);
        const fold = foldTrendpacks(packs, { budgets: budgetsFor(ran) });
        for (const lane of ['forecast', 'shadow'] as const) {
          const t = fold.totals[lane];
          expect(t.spentOps).toBe(sum(packs.map((p) => p.budget[lane].spent_ops)));
          expect(t.spentEntropy).toBe(sum(packs.map((p) => p.budget[lane].spent_entropy)));
          expect(t.eventCount).toBe(sum(packs.map((p) => p.timeline.filter((e) => e.lane === lane).length)));
          expect(t.available?.ops ?? null).toBe(packs.length === 0 ? null : sum(gens.map((g) => g[lane].ops)));
        }
        const both = fold.totals.forecast.counts;
        const shadow = fold.totals.shadow.counts;
        expect(both.ok + shadow.ok).toBe(sum(packs.map((p) => p.stats.ok_events)));
        expect(both.error + shadow.error).toBe(sum(packs.map((p) => p.stats.errors)));
        expect(both.skipped_budget + shadow.skipped_budget).toBe(sum(packs.map((p) => p.stats.skipped)));
        expect(fold.errors).toHaveLength(sum(packs.map((p) => p.errors.length)));
        expect(fold.skips).toHaveLength(sum(packs.map((p) => p.skipped.length)));
        const last = fold.series.at(-1);
        if (last !== undefined) {
          expect(last.lanes.forecast.cumulativeSpentOps).toBe(fold.totals.forecast.spentOps);
          expect(last.lanes.shadow.cumulativeSpentEntropy).toBe(fold.totals.shadow.spentEntropy);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the input series', () => {
    const arb = runArb.chain((gens) =>
      fc.tuple(fc.constant(gens), fc.shuffledSubarray(gens, { minLength: gens.length, maxLength: gens.length })),
    );
    fc.assert(
      fc.property(arb, ([gens, shuffled]) => {
        const ran = gens.map(run);
        const options = { budgets: budgetsFor(ran) };
        const a = foldTrendpacks(ran.map((r) => r.pack), options);
        const b = foldTrendpacks(shuffled.map((g) => run(g).pack), options);
        expect(b).toEqual(a);
        expect(a.ticks).toEqual([...a.ticks].sort((x, y) => x - y));
      }),
      { numRuns: 200 },
    );
  });

  it("matches each pack's budget and the scheduler's remaining budgets, lane by lane", () => {
    fc.assert(
      fc.property(runArb, (gens) => {
        const ran = gens.map(run);
        const fold = foldTrendpacks(ran.map((r) => r.pack), { budgets: budgetsFor(ran) });
        for (const t of fold.series) {
          const r = ran.find((x) => x.gen.tick === t.tick);
          if (r === undefined) throw new Error('tick not in the run');
          const positions: number[] = [];
          for (const lane of ['forecast', 'shadow'] as const) {
            const l = t.lanes[lane];
            expect(l.spentOps).toBe(r.pack.budget[lane].spent_ops);
            expect(l.spentEntropy).toBe(r.pack.budget[lane].spent_entropy);
            expect(l.remaining).toEqual({ ops: r.remaining[lane].ops, entropy: r.remaining[lane].entropy });
            // The lane's spending axis is contiguous and ends at what it spent.
            let ops = 0;
            for (const e of l.events) {
              expect(e.lane).toBe(lane);
              expect(e.opsStart).toBe(ops);
              expect(e.opsEnd - e.opsStart).toBe(e.charged ? e.costOps : 0);
              ops = e.opsEnd;
              positions.push(e.position);
            }
            expect(ops).toBe(l.spentOps);
          }
          // The two lanes partition the timeline.
          expect(positions.sort((x, y) => x - y)).toEqual(r.pack.timeline.map((_, i) => i));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('holds every event once in the status matrix, tasks by code point', () => {
    fc.assert(
      fc.property(runArb, (gens) => {
        const packs = gens.map((g) => run(g).pack);
        const { matrix } = foldTrendpacks(packs);
        for (let i = 1; i < matrix.tasks.length; i++) {
          expect(compareCodePoints(matrix.tasks[i - 1] ?? '', matrix.tasks[i] ?? '')).toBeLessThan(0);
        }
        const byTick = new Map(packs.map((p) => [p.tick, p]));
        let cells = 0;
        for (const row of matrix.rows) {
          expect(row.cells).toHaveLength(matrix.ticks.length);
          row.cells.forEach((cell, col) => {
            const pack = byTick.get(matrix.ticks[col] ?? -1);
            const event = pack?.timeline.find((e) => e.task === row.task);
            if (cell === null) {
              expect(event).toBeUndefined();
              return;
            }
            cells++;
            expect(pack?.timeline[cell.position]).toEqual(event);
            expect([cell.status, cell.lane, cell.costOps, cell.costEntropy]).toEqual([event?.status, event?.lane, event?.cost_ops, event?.cost_entropy]);
          });
        }
        expect(cells).toBe(sum(packs.map((p) => p.timeline.length)));
      }),
      { numRuns: 200 },
    );
  });
});

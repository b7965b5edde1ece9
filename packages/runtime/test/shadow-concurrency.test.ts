/**
 * `shadowConcurrency` on `abraxasTick`, `openRun` (a run default) and `RunHandle.tick`: shadow tasks
 * run together, and every file a tick writes (TrendPack, RunIndex, manifest) is byte-identical to
 * the one-at-a-time tick's; bad values are refused before anything runs or is written.
 */
import { filesOf } from '@abraxas/store-contract';
import { readdir } from 'node:fs/promises';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { abraxasTick, Budget, openRun, RuntimeValidationError } from '../src/index.js';
import { tempDir } from './support/fs.js';

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await turn();
}

interface ShadowShape {
  readonly turns: number;
  readonly cost: number;
  readonly throws: boolean;
}

/** Shadow tasks by name that wait `turns` event-loop turns, then return or throw; `flight` counts overlap. */
function shadowTasks(shapes: readonly ShadowShape[], flight: { now: number; most: number }) {
  const tasks: Record<string, (ctx: { readonly base: number }) => Promise<unknown>> = {};
  shapes.forEach((s, i) => {
    tasks[`s${String(i)}`] = async (ctx) => {
      flight.now++;
      flight.most = Math.max(flight.most, flight.now);
      await turns(s.turns);
      flight.now--;
      if (s.throws) throw new RangeError(`s${String(i)} failed`);
      return { i, base: ctx.base };
    };
  });
  return tasks;
}

function work(shapes: readonly ShadowShape[], flight: { now: number; most: number }) {
  return {
    tick: 3,
    context: { base: 0 },
    runSignal: async (ctx: { base: number }) => {
      await turns(2);
      ctx.base += 1;
      return { base: ctx.base };
    },
    runCompress: (ctx: { base: number }) => ({ base: ctx.base }),
    runOverlay: (ctx: { base: number }) => ({ base: ctx.base }),
    runShadowTasks: shadowTasks(shapes, flight),
    shadowCostOps: Object.fromEntries(shapes.map((s, i) => [`s${String(i)}`, s.cost])),
  };
}

/**
 * Case `k` of 24: 1-10 shadow tasks with mixed delays, costs (some skipped by the budget) and
 * throws, spread by fixed arithmetic so every case differs.
 */
function testCase(k: number): { shapes: ShadowShape[]; shadowOps: number; n: number } {
  const count = 1 + ((k * 7) % 10);
  const shapes = Array.from({ length: count }, (_, i) => ({ turns: (i * 5 + k) % 6, cost: (i * 3 + k) % 5, throws: (i + k) % 4 === 0 }));
  return { shapes, shadowOps: (k * 11) % 25, n: 1 + (k % 8) };
}

describe('shadowConcurrency in the runtime', () => {
  it('abraxasTick writes the same TrendPack, RunIndex and manifest bytes for any shadowConcurrency', async () => {
    for (let k = 0; k < 24; k++) {
      const { shapes: s, shadowOps, n } = testCase(k);
      const [one, many] = [await tempDir('shadow-conc'), await tempDir('shadow-conc')];
      const base = { runId: 'RUN-C', mode: 'test', fsync: false, budgetShadow: new Budget({ ops: shadowOps, entropy: 0 }) };
      const a = await abraxasTick({ ...base, artifactsDir: one, ...work(s, { now: 0, most: 0 }) });
      const flight = { now: 0, most: 0 };
      const b = await abraxasTick({ ...base, artifactsDir: many, ...work(s, flight), shadowConcurrency: n });
      expect(b.remaining).toEqual(a.remaining);
      expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
      expect(b.artifacts.trendpack_sha256).toBe(a.artifacts.trendpack_sha256);
      expect(filesOf(many)).toEqual(filesOf(one));
      expect(flight.most).toBeLessThanOrEqual(n);
    }
  });

  it('abraxasTick with shadowConcurrency 8 has all 8 shadow tasks in flight together; the default runs them one at a time', async () => {
    const s = Array.from({ length: 8 }, () => ({ turns: 2, cost: 0, throws: false }));
    const together = { now: 0, most: 0 };
    await abraxasTick({ runId: 'RUN-C', mode: 'test', fsync: false, artifactsDir: await tempDir('shadow-conc'), ...work(s, together), shadowConcurrency: 8 });
    expect(together.most).toBe(8);
    const alone = { now: 0, most: 0 };
    await abraxasTick({ runId: 'RUN-C', mode: 'test', fsync: false, artifactsDir: await tempDir('shadow-conc'), ...work(s, alone) });
    expect(alone.most).toBe(1);
  });

  it("openRun's shadowConcurrency is the run's default; a tick's own overrides it", async () => {
    const s = Array.from({ length: 6 }, () => ({ turns: 2, cost: 0, throws: false }));
    const run = openRun({ runId: 'RUN-C', mode: 'test', fsync: false, artifactsDir: await tempDir('shadow-conc'), shadowConcurrency: 4 });
    const byDefault = { now: 0, most: 0 };
    await run.tick({ ...work(s, byDefault), tick: 0 });
    const overridden = { now: 0, most: 0 };
    await run.tick({ ...work(s, overridden), tick: 1, shadowConcurrency: 2 });
    await run.close();
    expect(byDefault.most).toBe(4);
    expect(overridden.most).toBe(2);
  });

  it('refuses a shadowConcurrency that is not a positive safe integer, naming the function and field, writing nothing', async () => {
    for (const bad of [0, -2, 2.5, Number.NaN, 2 ** 53, '4', null]) {
      const dir = await tempDir('shadow-conc');
      let ran = false;
      const tick = {
        ...work([{ turns: 0, cost: 0, throws: false }], { now: 0, most: 0 }),
        runSignal: () => {
          ran = true;
        },
        shadowConcurrency: bad as number,
      };
      const rejected = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
      const fromTick = await rejected(abraxasTick({ runId: 'RUN-C', mode: 'test', artifactsDir: dir, ...tick }));
      expect(fromTick).toBeInstanceOf(RuntimeValidationError);
      expect((fromTick as Error).message).toMatch(/^abraxasTick: shadowConcurrency must be a positive safe integer; got /);
      expect(() => openRun({ runId: 'RUN-C', mode: 'test', artifactsDir: dir, shadowConcurrency: bad as number })).toThrow(
        /^openRun: shadowConcurrency must be a positive safe integer; got /,
      );
      const run = openRun({ runId: 'RUN-C', mode: 'test', artifactsDir: dir });
      const fromHandle = await rejected(run.tick(tick));
      await run.close();
      expect(fromHandle).toBeInstanceOf(RuntimeValidationError);
      expect((fromHandle as Error).message).toMatch(/^RunHandle\.tick: shadowConcurrency must be a positive safe integer; got /);
      expect(ran).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    }
  });
});

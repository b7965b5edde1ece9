/**
 * Case 6: the concurrent shadow lane. One `runTickAsync` whose 8 shadow tasks each await 20 ms of
 * I/O (a timer stands in for the I/O's latency), with `shadowConcurrency` 8 and with 1 (one at a
 * time), against a floor of one such task's await alone. Both ticks are checked to give the same
 * trace hash and results.
 * Owns: the shadow-concurrency case. Must not: print (the report is returned).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Budget, DeterministicScheduler, bindCallable, canonicalJson, traceHashSha256, type TickOutput } from '@abraxas/ers';
import { interleave } from '../interleave.js';
import { timeAsync } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';

export interface ShadowConcurrencyParams {
  /** Shadow tasks in the tick. */
  readonly tasks: number;
  /** Milliseconds of I/O each task awaits. */
  readonly ioMs: number;
  readonly runs: number;
  readonly warmup: number;
  /** Target of the concurrent tick over the floor. */
  readonly targetRatio: number;
}

function scheduler(tasks: number, ioMs: number): DeterministicScheduler {
  const s = new DeterministicScheduler();
  for (let i = 0; i < tasks; i++) {
    const name = `io${String(i).padStart(2, '0')}`;
    s.add(
      bindCallable({
        name,
        lane: 'shadow',
        priority: 0,
        costOps: 1,
        fn: async () => {
          await sleep(ioMs);
          return { name };
        },
      }),
    );
  }
  return s;
}

function tick(s: DeterministicScheduler, tasks: number, shadowConcurrency: number): Promise<TickOutput> {
  const budget = new Budget({ ops: tasks });
  return s.runTickAsync({ tick: 0, budgetForecast: budget, budgetShadow: budget, context: {}, shadowConcurrency });
}

export async function shadowConcurrencyCase(p: ShadowConcurrencyParams): Promise<CaseReport> {
  const s = scheduler(p.tasks, p.ioMs);
  const summary = (o: TickOutput): string => `${traceHashSha256(o.trace)} ${canonicalJson(o.results)}`;
  if (summary(await tick(s, p.tasks, p.tasks)) !== summary(await tick(s, p.tasks, 1))) {
    throw new Error('shadow_concurrency: the concurrent tick gave another trace or results than the sequential one');
  }

  let round = 0;
  const samples = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: async () => {
      // Which of the two ticks goes first alternates, as case and floor do.
      const first = round++ % 2 === 0 ? p.tasks : 1;
      const second = first === 1 ? p.tasks : 1;
      const a = await timeAsync(() => tick(s, p.tasks, first));
      const b = await timeAsync(() => tick(s, p.tasks, second));
      return first === 1 ? { sequential: a, concurrent: b } : { concurrent: a, sequential: b };
    },
    floor: async () => ({ one: await timeAsync(() => sleep(p.ioMs)) }),
  });
  const floor = samples.floor.one ?? [];
  const floorLabel = `one such task's ${String(p.ioMs)} ms await alone`;
  return {
    measurements: [
      summarise({
        id: `shadow_concurrency.${String(p.tasks)}`,
        label: `runTickAsync, ${String(p.tasks)} shadow tasks each awaiting ${String(p.ioMs)} ms of I/O, shadowConcurrency ${String(p.tasks)}`,
        floor: floorLabel,
        samples: samples.case.concurrent ?? [],
        floorSamples: floor,
        targetRatio: p.targetRatio,
        extra: { tasks: p.tasks, io_ms: p.ioMs, shadow_concurrency: p.tasks },
      }),
      summarise({
        id: 'shadow_concurrency.1',
        label: `runTickAsync, the same ${String(p.tasks)} shadow tasks, shadowConcurrency 1 (one at a time)`,
        floor: floorLabel,
        samples: samples.case.sequential ?? [],
        floorSamples: floor,
        targetRatio: null,
        extra: { tasks: p.tasks, io_ms: p.ioMs, shadow_concurrency: 1 },
      }),
    ],
    checks: [],
  };
}

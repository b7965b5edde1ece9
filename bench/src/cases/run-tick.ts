/**
 * Case 1: `DeterministicScheduler.runTick` over N no-op tasks in mixed lanes and priorities, and
 * `add` + `runTick`, each against its floor (a plain sort and loop; see floors/run-tick-floor.ts).
 * Every run builds a fresh scheduler; `runTick` alone is timed from after the last `add` (its
 * first call sorts the tasks, as a fresh scheduler's tick does).
 * Owns: the runTick case. Must not: print (the report is returned).
 */
import { canonicalJson, DeterministicScheduler, traceHashSha256 } from '@abraxas/ers';
import { addFloor, runTickFloor } from '../floors/run-tick-floor.js';
import { interleave } from '../interleave.js';
import { thousands } from '../format.js';
import { now } from '../measure.js';
import { summarise, type CaseReport, type Measurement } from '../results.js';
import { noOpWorkload, type NoOpWorkload } from '../workload/no-op-tasks.js';

export interface RunTickParams {
  /** Task counts, e.g. [1000, 10000, 100000]. */
  readonly sizes: readonly number[];
  /** Measured runs at the largest size; smaller sizes get more (see `runsFor`). */
  readonly runs: number;
  readonly warmup: number;
  /** The task count the target applies to, and the target (ratio to the floor). */
  readonly targetSize: number;
  readonly targetRatio: number;
}

const TICK = 7;

/** More runs for smaller (cheaper, noisier) sizes: x4 up to 1,000 tasks, x2 up to 10,000. */
export function runsFor(size: number, runs: number): number {
  return size <= 1000 ? runs * 4 : size <= 10_000 ? runs * 2 : runs;
}

function budgetsOf(w: NoOpWorkload): { forecast: { ops: number; entropy: number }; shadow: { ops: number; entropy: number } } {
  return {
    forecast: { ops: w.budgetForecast.ops, entropy: w.budgetForecast.entropy },
    shadow: { ops: w.budgetShadow.ops, entropy: w.budgetShadow.entropy },
  };
}

/** The scheduler's tick, with the time of the adds and of the tick. */
function schedulerRun(w: NoOpWorkload): { out: ReturnType<DeterministicScheduler['runTick']>; addMs: number; tickMs: number } {
  const s = new DeterministicScheduler();
  const t0 = now();
  for (const t of w.tasks) s.add(t);
  const t1 = now();
  const out = s.runTick({ tick: TICK, budgetForecast: w.budgetForecast, budgetShadow: w.budgetShadow, context: w.context });
  const t2 = now();
  return { out, addMs: t1 - t0, tickMs: t2 - t1 };
}

function floorRun(w: NoOpWorkload): { out: ReturnType<typeof runTickFloor>; addMs: number; tickMs: number } {
  const t0 = now();
  const kept = addFloor(w.tasks);
  const t1 = now();
  const out = runTickFloor(kept, TICK, budgetsOf(w), w.context);
  const t2 = now();
  return { out, addMs: t1 - t0, tickMs: t2 - t1 };
}

/** Throws unless the floor builds what the scheduler builds (same trace, results and budgets left). */
function assertSameWork(w: NoOpWorkload): void {
  const a = schedulerRun(w).out;
  const b = floorRun(w).out;
  const remaining = { forecast: { ops: a.remaining.forecast.ops, entropy: a.remaining.forecast.entropy }, shadow: { ops: a.remaining.shadow.ops, entropy: a.remaining.shadow.entropy } };
  if (
    traceHashSha256(a.trace) !== traceHashSha256(b.trace) ||
    canonicalJson(a.results) !== canonicalJson(b.results) ||
    canonicalJson(remaining) !== canonicalJson(b.remaining)
  ) {
    throw new Error(`run_tick floor: the floor does not build what runTick builds for ${w.tasks.length} tasks`);
  }
}

export async function runTickCase(p: RunTickParams): Promise<CaseReport> {
  const measurements: Measurement[] = [];
  for (const size of p.sizes) {
    const w = noOpWorkload(size);
    assertSameWork(w);
    const s = await interleave({
      runs: runsFor(size, p.runs),
      warmup: p.warmup,
      case: () => {
        const r = schedulerRun(w);
        return { run_tick: r.tickMs, add_and_run_tick: r.addMs + r.tickMs };
      },
      floor: () => {
        const r = floorRun(w);
        return { run_tick: r.tickMs, add_and_run_tick: r.addMs + r.tickMs };
      },
    });
    const n = thousands(size);
    const skipped = w.tasks.length - w.budgetForecast.ops - w.budgetShadow.ops;
    measurements.push(
      summarise({
        id: `run_tick.${size}`,
        label: `runTick, ${n} no-op tasks`,
        floor: 'sort by (lane, priority, name by code point, insertion), then build results and trace in a plain loop',
        samples: s.case.run_tick ?? [],
        floorSamples: s.floor.run_tick ?? [],
        targetRatio: size === p.targetSize ? p.targetRatio : null,
        extra: { tasks: size, skipped_budget: skipped },
      }),
      summarise({
        id: `add_run_tick.${size}`,
        label: `add + runTick, ${n} no-op tasks`,
        floor: 'duplicate-name check and push per task, then the runTick floor',
        samples: s.case.add_and_run_tick ?? [],
        floorSamples: s.floor.add_and_run_tick ?? [],
        targetRatio: null,
        extra: { tasks: size },
      }),
    );
  }
  return { measurements, checks: [] };
}

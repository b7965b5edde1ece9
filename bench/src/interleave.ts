/**
 * Interleaved runs of a case and its floor in one process: warm-up runs first (discarded), then
 * case and floor alternately, swapping which goes first every round so that drift (other load, heap
 * growth, CPU frequency) falls on both alike, with a full GC before every run.
 * Owns: the run schedule. Must not: decide what a run measures (a run times its own region and
 * returns its timings, so set-up outside that region is not counted).
 */
import { collectGarbage } from './measure.js';

/** Named timings in milliseconds of one run, e.g. `{ run_tick: 12.5, add_and_run_tick: 20.1 }`. */
export type Timings = Readonly<Record<string, number>>;

/** One run: does its set-up, times its region(s), returns the timings. */
export type Trial = () => Timings | Promise<Timings>;

/** Every timing of every measured run, per name: `case.run_tick[i]` is the i-th case run's. */
export interface InterleavedSamples {
  readonly case: Readonly<Record<string, readonly number[]>>;
  readonly floor: Readonly<Record<string, readonly number[]>>;
}

export interface InterleaveOptions {
  /** Measured runs of each (at least 1). */
  readonly runs: number;
  /** Unmeasured runs of each first, to warm up the JIT and the caches. */
  readonly warmup: number;
  readonly case: Trial;
  readonly floor: Trial;
}

/** Runs `warmup` then `runs` rounds of case and floor, alternating which goes first. */
export async function interleave(o: InterleaveOptions): Promise<InterleavedSamples> {
  const caseSamples: Record<string, number[]> = {};
  const floorSamples: Record<string, number[]> = {};
  const once = async (trial: Trial, into: Record<string, number[]> | null): Promise<void> => {
    collectGarbage();
    const t = await trial();
    if (into === null) return;
    for (const [name, ms] of Object.entries(t)) (into[name] ??= []).push(ms);
  };
  for (let i = 0; i < o.warmup; i++) {
    await once(o.case, null);
    await once(o.floor, null);
  }
  for (let i = 0; i < o.runs; i++) {
    if (i % 2 === 0) {
      await once(o.case, caseSamples);
      await once(o.floor, floorSamples);
    } else {
      await once(o.floor, floorSamples);
      await once(o.case, caseSamples);
    }
  }
  return { case: caseSamples, floor: floorSamples };
}

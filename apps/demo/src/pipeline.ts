/**
 * The demo's sample pipeline over generated input: the three forecast steps, three shadow
 * monitors, and the per-tick cost of the overlay step.
 * - `oracle:signal` smooths the raw samples (moving average of 3) into `ctx.signal`.
 * - `oracle:compress` run-length encodes the signal's deltas into `ctx.compressed`.
 * - `oracle:overlay` (async) compares the signal's mean with the previous tick's baseline and, once
 *   the `volatility` metric is promoted, flags a shift outside twice its (previous tick's) value.
 * - `shadow:audit` decodes `ctx.compressed` and checks it gives the signal back.
 * - `shadow:dropout` throws a `DropoutError` when the raw input holds a run of 4+ zero samples.
 * - `shadow:spread` reports the signal's range and distinct values.
 * Costs are estimated from the input before the tick. The audit costs 2 ops + 1 per 5 distinct
 * sample values; the other shadow tasks the reference's 2. The overlay costs 10 ops + 4 per peak: on burst
 * ticks (8 peaks, 42 ops) it no longer fits the forecast budget of 50 after signal and compress
 * (10 + 10), so it is skipped for budget.
 * Owns: the pipeline's task functions and cost rule. Must not: write files or read clocks.
 */
import type { PipelineStep, ShadowTask } from '@abraxas/runtime';
import { PEAK_THRESHOLD } from './input.js';

/** What the tasks share within one tick. */
export interface DemoContext {
  readonly tick: number;
  /** The tick's raw samples. */
  readonly input: readonly number[];
  /** The previous tick's signal mean (null on the first tick, or when it was not computed). */
  readonly baseline: number | null;
  /**
   * The values the previous tick's promoted metrics returned (`TickResult.promotion.consumed`): the
   * only metric values the pipeline reads. Empty until a metric is promoted.
   */
  readonly metrics: { readonly [metric: string]: unknown };
  signal?: number[];
  compressed?: [delta: number, count: number][];
}

/** Ops the overlay step costs for this input: 10 + 4 per peak. */
export function overlayCostOps(input: readonly number[]): number {
  return 10 + 4 * input.filter((v) => v > PEAK_THRESHOLD).length;
}

/** Ops the audit costs for this input: 2 + 1 per 5 distinct sample values (it decodes every run). */
export function auditCostOps(input: readonly number[]): number {
  return 2 + Math.floor(new Set(input).size / 5);
}

export class DropoutError extends Error {
  override name = 'DropoutError';
}

/** Integer mean, rounded down: exact on every platform. */
function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.floor(values.reduce((a, b) => a + b, 0) / values.length);
}

const runSignal: PipelineStep<DemoContext> = (ctx) => {
  const x = ctx.input;
  const signal = x.map((_, i) => {
    const window = x.slice(Math.max(0, i - 1), Math.min(x.length, i + 2));
    return mean(window);
  });
  ctx.signal = signal;
  return { samples: signal.length, min: Math.min(...signal), max: Math.max(...signal), mean: mean(signal) };
};

const runCompress: PipelineStep<DemoContext> = (ctx) => {
  const signal = ctx.signal ?? [];
  const runs: [number, number][] = [];
  let prev = 0;
  for (const v of signal) {
    const delta = v - prev;
    prev = v;
    const last = runs[runs.length - 1];
    if (last?.[0] === delta) last[1]++;
    else runs.push([delta, 1]);
  }
  ctx.compressed = runs;
  return { runs: runs.length, ratio_permille: signal.length === 0 ? 0 : Math.floor((1000 * runs.length) / signal.length) };
};

const runOverlay: PipelineStep<DemoContext> = async (ctx) => {
  await Promise.resolve(); // an async step: the runtime awaits it before the next task
  const m = mean(ctx.signal ?? []);
  const shift = ctx.baseline === null ? 0 : m - ctx.baseline;
  const band = typeof ctx.metrics.volatility === 'number' ? ctx.metrics.volatility : null;
  return { mean: m, baseline: ctx.baseline, shift, band, outside: band === null ? null : Math.abs(shift) > 2 * band };
};

const audit: ShadowTask<DemoContext> = (ctx) => {
  let v = 0;
  const decoded: number[] = [];
  for (const [delta, count] of ctx.compressed ?? []) {
    for (let i = 0; i < count; i++) decoded.push((v += delta));
  }
  const signal = ctx.signal ?? [];
  return { roundtrip: decoded.length === signal.length && decoded.every((d, i) => d === signal[i]) };
};

const dropout: ShadowTask<DemoContext> = (ctx) => {
  let run = 0;
  for (let i = 0; i < ctx.input.length; i++) {
    run = ctx.input[i] === 0 ? run + 1 : 0;
    if (run === 4) throw new DropoutError(`zero samples from index ${i - 3} at tick ${ctx.tick}`);
  }
  return { max_zero_run: run };
};

const spread: ShadowTask<DemoContext> = (ctx) => {
  const signal = ctx.signal ?? [];
  return { range: signal.length === 0 ? 0 : Math.max(...signal) - Math.min(...signal), distinct: new Set(signal).size };
};

/** The forecast steps and shadow tasks, as `RunHandle.tick` takes them. */
export const demoPipeline = {
  runSignal,
  runCompress,
  runOverlay,
  runShadowTasks: { audit, dropout, spread },
} as const;

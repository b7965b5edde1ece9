/**
 * The demo's two candidate metrics, each running as `metric:<name>` in the lane its promotion
 * stage gives, and the stage story they tell over the default 24 ticks:
 * - `volatility` — the signal's mean absolute change between samples (3 ops). Deterministic, cheap:
 *   it qualifies every tick and, under the default policy, is promoted candidate → shadow at tick 0,
 *   shadow → canary at tick 6 (six qualifying ticks, 1-6) and canary → promoted at tick 12 (ticks
 *   7-12). From tick 13 its value is consumed: the next tick's overlay step reads it as its band.
 * - `burst_load` — how many peak samples it has seen (2 ops), kept in a counter between calls: a
 *   state leak. A tick without peaks leaves the counter alone, so the invariance gate's re-runs
 *   agree; on a burst tick (every 6th: 5, 11, 17, 23) each run adds the tick's peaks again and the
 *   runs disagree. That drift resets its shadow window just before it fills (ticks 6-10 are only
 *   five qualifying ticks of the six needed), and never twice in a row (shadow demotes after 3):
 *   it stays in shadow for good.
 * `demoMetrics()` builds fresh functions (a fresh counter), once per run.
 * Owns: the candidate metrics. Must not: write files or read clocks.
 */
import type { MetricSpec } from '@abraxas/runtime';
import { PEAK_THRESHOLD } from './input.js';
import type { DemoContext } from './pipeline.js';

/** Ops each metric costs, in whichever lane it runs. */
export const METRIC_COST_OPS = { volatility: 3, burst_load: 2 } as const;

export type DemoMetricName = keyof typeof METRIC_COST_OPS;

/** The candidate metrics of one run. */
export function demoMetrics(): { readonly [M in DemoMetricName]: MetricSpec<DemoContext> } {
  let peaksSeen = 0;
  return {
    volatility: {
      costOps: METRIC_COST_OPS.volatility,
      fn: (ctx) => {
        const s = ctx.signal ?? [];
        let total = 0;
        for (let i = 1; i < s.length; i++) total += Math.abs((s[i] as number) - (s[i - 1] as number));
        return s.length < 2 ? 0 : Math.floor(total / (s.length - 1));
      },
    },
    burst_load: {
      costOps: METRIC_COST_OPS.burst_load,
      fn: (ctx) => {
        peaksSeen += ctx.input.filter((v) => v > PEAK_THRESHOLD).length;
        return { peaks_seen: peaksSeen };
      },
    },
  };
}

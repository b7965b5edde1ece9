/**
 * Divergence reports for every mismatching run, not only the first: each run whose trace hash
 * differs from run 0's gets the first diverging event (by `firstDivergence` from @abraxas/ers), both
 * sides, and the field paths that differ. When one trace is a prefix of the other, the first event
 * past the shorter trace is given too, so the report shows what is extra or missing.
 * Owns: the RunDivergence record. Must not: print (text-report.ts renders it).
 */
import { firstDivergence, type CanonicalTraceEvent, type DivergenceSide } from '@abraxas/ers';
import { differingPaths } from './field-diff.js';

/** How run `run` diverges from run 0 (a reported record: snake_case). */
export interface RunDivergence {
  readonly run: number;
  readonly hash: string;
  readonly event_index: number;
  /** Run 0's side and this run's side, exactly as `firstDivergence` gives them. */
  readonly a: DivergenceSide;
  readonly b: DivergenceSide;
  /** Field paths that differ between `a` and `b` (`_len` when the traces differ in length). */
  readonly paths: readonly string[];
  /** When the traces differ in length: the first event that only the longer one has. */
  readonly extra: { readonly side: 'a' | 'b'; readonly event: CanonicalTraceEvent } | null;
}

/** Divergences of every run whose hash differs from run 0's, in run order. */
export function runDivergences(traces: readonly (readonly CanonicalTraceEvent[])[], hashes: readonly string[]): RunDivergence[] {
  const base = traces[0];
  const expected = hashes[0];
  if (base === undefined || expected === undefined) return [];
  const out: RunDivergence[] = [];
  for (let run = 1; run < traces.length; run++) {
    const hash = hashes[run] as string;
    if (hash === expected) continue;
    const other = traces[run] as readonly CanonicalTraceEvent[];
    const d = firstDivergence(base, other);
    if (d === null) continue;
    let extra: RunDivergence['extra'] = null;
    if ('_len' in d.diff.a) {
      extra = base.length > other.length
        ? { side: 'a', event: base[d.event_index] as CanonicalTraceEvent }
        : { side: 'b', event: other[d.event_index] as CanonicalTraceEvent };
    }
    out.push({ run, hash, event_index: d.event_index, a: d.diff.a, b: d.diff.b, paths: differingPaths(d.diff.a, d.diff.b), extra });
  }
  return out;
}

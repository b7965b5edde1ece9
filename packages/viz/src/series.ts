/**
 * A run's series of TrendPacks, validated and put in tick order: the common first step of the
 * fold helpers. Every pack must be a consistent TrendPack v0.1 of the same run, one per tick.
 * Owns: validating and ordering a series. Must not: derive views from it.
 */
import type { Status } from '@abraxas/ers';
import { VizValidationError } from './errors.js';
import type { StatusCounts } from './fold-types.js';
import type { TrendPack } from './types.js';
import { requireArray } from './validate.js';
import { checkTrendPack } from './validate-trendpack.js';

/** Validated copies of `packs`, ticks ascending. Throws `VizValidationError` naming `packs[i]...`. */
export function orderedSeries(fn: string, packs: unknown): readonly TrendPack[] {
  requireArray(fn, 'packs', packs, 'TrendPacks');
  const checked = Array.from({ length: packs.length }, (_, i) => checkTrendPack(fn, `packs[${String(i)}]`, packs[i]));
  const firstAt = new Map<number, number>();
  for (let i = 0; i < checked.length; i++) {
    const pack = checked[i] as TrendPack;
    const first = checked[0] as TrendPack;
    if (pack.run_id !== first.run_id) {
      throw new VizValidationError(fn, `packs[${i}].run_id`, `must equal packs[0].run_id (${JSON.stringify(first.run_id)}): one run per series`, pack.run_id);
    }
    const seen = firstAt.get(pack.tick);
    if (seen !== undefined) {
      throw new VizValidationError(fn, `packs[${i}].tick`, `must be unique in the series (also at packs[${seen}])`, pack.tick);
    }
    firstAt.set(pack.tick, i);
  }
  return [...checked].sort((a, b) => a.tick - b.tick);
}

/** Zero for every status. */
export function zeroCounts(): Record<Status, number> {
  return { ok: 0, skipped_budget: 0, error: 0, not_computable: 0 };
}

/** The sum of two count records. */
export function addCounts(a: StatusCounts, b: StatusCounts): Record<Status, number> {
  return {
    ok: a.ok + b.ok,
    skipped_budget: a.skipped_budget + b.skipped_budget,
    error: a.error + b.error,
    not_computable: a.not_computable + b.not_computable,
  };
}

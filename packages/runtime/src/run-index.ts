/**
 * `RunIndex.v0`: the per-tick index record that points at the tick's TrendPack (and, in a run with
 * metrics, its promotion decision record: `refs.promotion`, `hashes.promotion_sha256`). The reference's
 * fields verbatim (`schema`, `run_id`, `tick`, `refs.trendpack`, `hashes.trendpack_sha256`, `tags`,
 * `provenance {engine, mode}`), with two deliberate differences, both documented in the README:
 * `refs` holds the path relative to the artifacts folder (the reference stores an absolute path, so
 * its hash changes with the folder), and `stats` carries a copy of the TrendPack's stats so a run
 * can be queried from its index without opening TrendPacks.
 * Owns: building and reading RunIndex records. Must not: do IO.
 */
import type { TrendPackStats } from '@abraxas/viz';
import type { RunIndex } from './types.js';
import { isPlainObject } from './validate.js';

export const RUN_INDEX_SCHEMA = 'RunIndex.v0';

/** The RunIndex of a tick whose TrendPack was sealed at `trendpackRelPath` with `trendpackSha256`. */
export function buildRunIndex(o: {
  runId: string;
  tick: number;
  mode: string;
  trendpackRelPath: string;
  trendpackSha256: string;
  stats: TrendPackStats;
  /** The tick's promotion decision record, in a run with metrics. */
  promotion?: { relPath: string; sha256: string } | null;
}): RunIndex {
  const p = o.promotion ?? null;
  return {
    schema: RUN_INDEX_SCHEMA,
    run_id: o.runId,
    tick: o.tick,
    refs: p === null ? { trendpack: o.trendpackRelPath } : { trendpack: o.trendpackRelPath, promotion: p.relPath },
    hashes: p === null ? { trendpack_sha256: o.trendpackSha256 } : { trendpack_sha256: o.trendpackSha256, promotion_sha256: p.sha256 },
    tags: [],
    provenance: { engine: 'abraxas', mode: o.mode },
    stats: { ...o.stats },
  };
}

const STAT_KEYS: readonly (keyof TrendPackStats)[] = [
  'total_events',
  'forecast_events',
  'shadow_events',
  'errors',
  'skipped',
  'ok_events',
];

/** The `stats` of a parsed RunIndex or TrendPack, or null when absent or malformed. */
export function readStats(doc: unknown): TrendPackStats | null {
  if (!isPlainObject(doc) || !isPlainObject(doc.stats)) return null;
  const s = doc.stats;
  const out: Record<string, number> = {};
  for (const k of STAT_KEYS) {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return null;
    out[k] = v;
  }
  return out as unknown as TrendPackStats;
}


/**
 * The tick's TrendPack record: kind `trendpack`, schema `TrendPack.v0` (content version `0.1`,
 * `@abraxas/artifacts/schemas/trendpack.v0.1.schema.json`), at `viz/<run_id>/<tick:06d>.trendpack.json`
 * (`trendpackRelPath` of @abraxas/artifacts), extra `{mode, ers}`. Built by `ersTraceToTrendpack`
 * and checked by `validateTrendPack` (both @abraxas/viz); this module seals it.
 * Owns: the TrendPack's record names and its sealed write. Must not: do IO.
 */
import { trendpackRelPath, type StoreWrite } from '@abraxas/artifacts';
import { canonicalJsonBytes, sha256Hex, type TraceEvent } from '@abraxas/ers';
import { ersTraceToTrendpack, type TrendPackStats } from '@abraxas/viz';
import type { RecordAddress } from '../tick-hook.js';

/** The ERS version a TrendPack's provenance and manifest entry name. */
export const ERS_VERSION = 'v0.2';
/** Manifest kind of a tick's TrendPack. */
export const TRENDPACK_KIND = 'trendpack';
/** Schema of a tick's TrendPack. */
export const TRENDPACK_SCHEMA = 'TrendPack.v0';

/** A TrendPack ready for the tick's batch, with the address its citers name. */
export interface TrendPackWrite extends RecordAddress {
  readonly item: StoreWrite;
  readonly stats: TrendPackStats;
}

/** The TrendPack of the tick whose trace is `trace`. */
export function trendpackWrite(runId: string, tick: number, mode: string, trace: readonly TraceEvent[]): TrendPackWrite {
  const trendpack = ersTraceToTrendpack({ trace, runId, tick, provenance: { engine: 'abraxas', mode, ers: ERS_VERSION } });
  const relPath = trendpackRelPath(runId, tick);
  return {
    relPath,
    // Stored as its canonical JSON bytes, so the hash the later records cite is known before writing.
    sha256: sha256Hex(canonicalJsonBytes(trendpack)),
    stats: trendpack.stats,
    item: { runId, tick, kind: TRENDPACK_KIND, schema: TRENDPACK_SCHEMA, obj: trendpack, relPath, extra: { mode, ers: ERS_VERSION } },
  };
}

/**
 * The tick's TrendPack record (kind `trendpack`, schema `TrendPack.v0`, extra `{mode, ers}`): built
 * and checked by @abraxas/viz (`ersTraceToTrendpack`, `validateTrendPack`, its JSON Schema).
 * Owns: the record's names, path rule and sealed write. Must not: do IO.
 */
import { tickFileName, type StoreWrite } from '@abraxas/artifacts';
import { canonicalJsonBytes, sha256Hex, type TraceEvent } from '@abraxas/ers';
import { ersTraceToTrendpack, type TrendPackStats } from '@abraxas/viz';
import type { RecordAddress } from '../tick-hook.js';

/** The ERS version a TrendPack's provenance and manifest entry name. */
const ERS_VERSION = 'v0.2';
/** Manifest kind of a tick's TrendPack. */
export const TRENDPACK_KIND = 'trendpack';
/** Schema of a tick's TrendPack. */
export const TRENDPACK_SCHEMA = 'TrendPack.v0';

/** `viz/<runId>/<tick:06d>.trendpack.json`: where a run's TrendPack for a tick lives. */
export function trendpackRelPath(runId: string, tick: number): string {
  return `viz/${runId}/${tickFileName(tick)}.trendpack.json`;
}

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

/**
 * Record paths for the artifact tests: the folders a run of @abraxas/runtime writes, so the
 * fixtures look like real runs (the store itself gives no kind a path).
 */
import { tickFileName } from '../../src/index.js';

export function trendpackRelPath(runId: string, tick: number): string {
  return `viz/${runId}/${tickFileName(tick)}.trendpack.json`;
}

export function runIndexRelPath(runId: string, tick: number): string {
  return `run_index/${runId}/${tickFileName(tick)}.runindex.json`;
}

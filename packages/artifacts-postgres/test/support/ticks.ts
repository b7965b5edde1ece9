/**
 * Deterministic ticks for the tests: per tick a TrendPack and its RunIndex, as a runtime tick
 * writes them, with their canonical JSON written out by hand (keys in code-point order) so the
 * expected SHA-256 comes from node:crypto, not from the code under test.
 */
import type { StoreWrite } from '@abraxas/artifacts';
import { createHash } from 'node:crypto';

const pad = (t: number): string => String(t).padStart(6, '0');
export const trendpackPath = (run: string, t: number): string => `viz/${run}/${pad(t)}.trendpack.json`;
export const runIndexPath = (run: string, t: number): string => `run_index/${run}/${pad(t)}.runindex.json`;
export const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

const TASKS = ['oracle:signal', 'oracle:compress', 'oracle:overlay'];

/** What a tick's records hold: errors and skips of the forecast lane, ops spent per lane. */
export function tickFacts(t: number): { errors: number; skipped: number; forecastOps: number; shadowOps: number } {
  const errors = t % 3 === 0 ? 1 : 0;
  const skipped = t % 4 === 0 ? 1 : 0;
  return { errors, skipped, forecastOps: 10 * (3 - skipped), shadowOps: t % 5 };
}

/** The canonical texts of tick `t` of `run`: `[trendpack, runindex]`. */
export function tickTexts(run: string, t: number): [string, string] {
  const f = tickFacts(t);
  const status = (k: number): string => (k === 1 && f.errors === 1 ? 'error' : k === 2 && f.skipped === 1 ? 'skipped_budget' : 'ok');
  const timeline = TASKS.map((task, k) => `{"cost_entropy":0,"cost_ops":10,"lane":"forecast","meta":{"tags":[]},"status":"${status(k)}","task":"${task}"}`);
  const errors = f.errors === 1 ? '{"cost_ops":10,"lane":"forecast","meta":{"error":"Boom: deliberate failure"},"task":"oracle:compress"}' : '';
  const skipped = f.skipped === 1 ? '{"cost_entropy":0,"cost_ops":10,"lane":"forecast","task":"oracle:overlay"}' : '';
  const stats = `{"errors":${String(f.errors)},"forecast_events":3,"ok_events":${String(3 - f.errors - f.skipped)},"shadow_events":0,"skipped":${String(f.skipped)},"total_events":3}`;
  const trendpack =
    `{"budget":{"forecast":{"spent_entropy":0,"spent_ops":${String(f.forecastOps)}},"shadow":{"spent_entropy":0,"spent_ops":${String(f.shadowOps)}}},` +
    `"errors":[${errors}],"provenance":{"engine":"abraxas","ers":"v0.2","mode":"test"},"run_id":"${run}","skipped":[${skipped}],` +
    `"stats":${stats},"tick":${String(t)},"timeline":[${timeline.join(',')}],"version":"0.1"}`;
  const runindex =
    `{"hashes":{"trendpack_sha256":"${sha256(trendpack)}"},"provenance":{"engine":"abraxas","mode":"test"},` +
    `"refs":{"trendpack":"${trendpackPath(run, t)}"},"run_id":"${run}","schema":"RunIndex.v0","stats":${stats},"tags":[],"tick":${String(t)}}`;
  return [trendpack, runindex];
}

/** Tick `t`'s batch: its TrendPack and RunIndex, as one tick writes them. */
export function tickBatch(run: string, t: number): StoreWrite[] {
  const [trendpack, runindex] = tickTexts(run, t);
  return [
    { runId: run, tick: t, kind: 'trendpack', schema: 'TrendPack.v0', relPath: trendpackPath(run, t), obj: JSON.parse(trendpack), extra: { mode: 'test' } },
    { runId: run, tick: t, kind: 'runindex', schema: 'RunIndex.v0', relPath: runIndexPath(run, t), obj: JSON.parse(runindex), extra: { mode: 'test' } },
  ];
}

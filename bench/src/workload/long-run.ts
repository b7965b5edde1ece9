/**
 * The long run of the `run_read` case, made fast: one real tick through `openRun` gives a TrendPack
 * and a RunIndex, copied to every tick of a new run (tick, run id, the RunIndex's ref and hash
 * adjusted, so the run verifies), written through `FileStore.writeBatch` in large batches with
 * fsync off.
 * Owns: building that run. Must not: time or measure anything.
 */
import { FileStore, type StoreWrite } from '@abraxas/artifacts';
import { canonicalJsonBytes, sha256Hex } from '@abraxas/ers';
import { openRun, readTrendPack, RECORD_KINDS, type RunIndex } from '@abraxas/runtime';

const { runindex: RUN_INDEX, trendpack: TRENDPACK } = RECORD_KINDS;
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tickWork } from './tick-work.js';

const BATCH_TICKS = 2500;

/** Writes run `runId` of `ticks` ticks (0 … ticks-1), a TrendPack and a RunIndex each, into `dir`. */
export async function writeLongRun(dir: string, runId: string, ticks: number): Promise<void> {
  const seedDir = mkdtempSync(join(dir, '.seed-'));
  let trendpack: object;
  let index: RunIndex;
  try {
    const seed = openRun({ runId: 'SEED', mode: 'bench', artifactsDir: seedDir, fsync: false });
    await seed.tick(tickWork(0));
    await seed.close();
    trendpack = await readTrendPack({ artifactsDir: seedDir, runId: 'SEED', tick: 0 });
    index = JSON.parse(readFileSync(join(seedDir, ...RUN_INDEX.path('SEED', 0).split('/')), 'utf8')) as RunIndex;
  } finally {
    rmSync(seedDir, { recursive: true, force: true });
  }
  const store = new FileStore(dir, { fsync: false });
  try {
    for (let from = 0; from < ticks; from += BATCH_TICKS) {
      const batch: StoreWrite[] = [];
      for (let tick = from; tick < Math.min(ticks, from + BATCH_TICKS); tick++) {
        const tp = { ...trendpack, run_id: runId, tick };
        const tpPath = TRENDPACK.path(runId, tick);
        const ri = { ...index, run_id: runId, tick, refs: { trendpack: tpPath }, hashes: { trendpack_sha256: sha256Hex(canonicalJsonBytes(tp)) } };
        batch.push({ runId, tick, kind: TRENDPACK.kind, schema: TRENDPACK.schema, obj: tp, relPath: tpPath, extra: { ers: 'v0.2', mode: 'bench' } });
        batch.push({ runId, tick, kind: RUN_INDEX.kind, schema: RUN_INDEX.schema, obj: ri, relPath: RUN_INDEX.path(runId, tick), extra: { mode: 'bench' } });
      }
      await store.writeBatch(batch);
    }
  } finally {
    await store.close();
  }
}

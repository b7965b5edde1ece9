/**
 * A long run made fast for memory tests: one real tick's TrendPack (through `openRun`), copied to
 * every tick of a new run with its tick and run id, written through `FileStore.writeBatch` in large
 * batches with fsync off. Each record may carry padding in its manifest entry (`extra.pad`) so that
 * the manifest, not the files, is what grows.
 * Owns: building that run. Must not: decide what a test expects.
 */
import { FileStore, type StoreWrite } from '@abraxas/artifacts';
import { openRun, readTrendPack, RECORD_KINDS } from '../../src/index.js';

const TRENDPACK = RECORD_KINDS.trendpack;
import { tempDir } from './fs.js';
import { pipeline, type TestContext } from './pipeline.js';

/** Writes run `runId` of `ticks` ticks (0 … ticks-1) into `dir`, one TrendPack each. */
export async function writeLongRun(dir: string, runId: string, ticks: number, padBytes: number): Promise<void> {
  const seedDir = await tempDir('long-run-seed');
  const seed = openRun<TestContext>({ runId: 'SEED', mode: 'test', artifactsDir: seedDir, fsync: false });
  await seed.tick(pipeline()(0));
  await seed.close();
  const tp = await readTrendPack({ artifactsDir: seedDir, runId: 'SEED', tick: 0 });
  const pad = 'p'.repeat(padBytes);
  const store = new FileStore(dir, { fsync: false });
  try {
    const BATCH = 2500;
    for (let from = 0; from < ticks; from += BATCH) {
      const batch: StoreWrite[] = [];
      for (let tick = from; tick < Math.min(ticks, from + BATCH); tick++) {
        const extra: Record<string, string> = padBytes > 0 ? { ers: 'v0.2', mode: 'test', pad } : { ers: 'v0.2', mode: 'test' };
        batch.push({ runId, tick, kind: TRENDPACK.kind, schema: TRENDPACK.schema, obj: { ...tp, run_id: runId, tick }, relPath: TRENDPACK.path(runId, tick), extra });
      }
      await store.writeBatch(batch);
    }
  } finally {
    await store.close();
  }
}

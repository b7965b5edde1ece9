/**
 * `abraxasTick({ store })` and `openRun({ store })` run on any ArtifactStore: here a store that
 * answers every batch in reverse order (still keyed by path, as the contract allows a map to be
 * read), over a file store. The tick takes each record by its path, so the tree it writes is the
 * one `artifactsDir` writes, byte for byte. Exactly one of `artifactsDir` and `store` is accepted.
 */
import { FileStore, type ArtifactStore, type BatchResult, type StoreWrite } from '@abraxas/artifacts';
import { filesOf } from '@abraxas/store-contract';
import { describe, expect, it } from 'vitest';
import { abraxasTick, iterateTicks, openRun, queryRun, readTrendPack, replayPromotions, RuntimeValidationError, type MetricSpec } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';
import { steady, driftOn } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

/** A store whose batch results come back in reverse order. */
class ReversingStore implements ArtifactStore {
  constructor(private readonly inner: FileStore) {}
  async writeBatch(items: readonly StoreWrite[]): Promise<BatchResult> {
    return new Map([...(await this.inner.writeBatch(items))].reverse());
  }
  readRecord = (runId: string, relPath: string) => this.inner.readRecord(runId, relPath);
  listRecords = (runId: string) => this.inner.listRecords(runId);
  readManifest = (runId: string) => this.inner.readManifest(runId);
  listRuns = () => this.inner.listRuns();
  verifyRun = (runId: string) => this.inner.verifyRun(runId);
  close = () => this.inner.close();
}

const work = pipeline({ failShadowOn: [1] });
const policy = { shadow: { promote_after: 1, demote_after: 1 } };
const metrics = (): Record<string, MetricSpec<TestContext>> => ({ steady: steady(), drifting: driftOn([2]) });

type Where = { artifactsDir: string; fsync: false } | { store: ArtifactStore };

async function ticks(where: Where): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let t = 0; t < 3; t++) out.push(await abraxasTick({ runId: 'ONE', mode: 'test', ...where, metrics: metrics(), invarianceRuns: 2, promotionPolicy: policy, ...work(t) }));
  const run = openRun<TestContext>({ runId: 'MANY', mode: 'test', ...where, metrics: metrics(), invarianceRuns: 2, promotionPolicy: policy });
  for (let t = 0; t < 3; t++) out.push(await run.tick(work(t)));
  await run.close();
  return out;
}

describe('the runtime on a store that is not given as a folder', () => {
  it('writes the same tree as artifactsDir, taking each record of the batch by its path', async () => {
    const a = await tempDir('store-a');
    const b = await tempDir('store-b');
    const onStore = await ticks({ store: new ReversingStore(new FileStore(a, { fsync: false })) });
    const onDir = await ticks({ artifactsDir: b, fsync: false });
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of tb) expect(ta.get(path)?.equals(bytes), path).toBe(true);
    // On a store the artifacts are named by their relative paths; on a folder, by paths that open.
    const strip = (r: unknown): unknown => JSON.parse(JSON.stringify(r).replaceAll(`${b}/`, ''));
    expect(onStore).toEqual(onDir.map(strip));
    expect(onStore[0]).toMatchObject({ artifacts: { trendpack: 'viz/ONE/000000.trendpack.json', promotion: 'promotion/ONE/000000.promotion.json', runindex: 'run_index/ONE/000000.runindex.json' } });
  });

  it('queryRun, readTrendPack, iterateTicks and replayPromotions read a run from { store, runId }', async () => {
    const a = await tempDir('read-a');
    const b = await tempDir('read-b');
    const store = new ReversingStore(new FileStore(a, { fsync: false }));
    await ticks({ store });
    await ticks({ artifactsDir: b, fsync: false });
    const strip = (r: unknown): unknown => JSON.parse(JSON.stringify(r).replaceAll(`${b}/`, ''));
    for (const runId of ['ONE', 'MANY']) {
      const q = await queryRun({ store, runId });
      expect(q.ticks).toHaveLength(3);
      expect(q).toEqual(strip(await queryRun({ artifactsDir: b, runId })));
      expect(q.root_hash).toBe((await store.readManifest(runId)).root_hash);
      expect(await readTrendPack({ store, runId, tick: 2 })).toEqual(await readTrendPack({ artifactsDir: b, runId, tick: 2 }));
      const onStore = [];
      for await (const t of iterateTicks({ store, runId, fromTick: 1 })) onStore.push(t);
      const onDir = [];
      for await (const t of iterateTicks({ artifactsDir: b, runId, fromTick: 1 })) onDir.push(t);
      expect(onStore).toEqual(onDir);
      expect(await replayPromotions({ store, runId })).toEqual(await replayPromotions({ artifactsDir: b, runId }));
    }
    await expect(queryRun({ store, artifactsDir: b, runId: 'ONE' } as never)).rejects.toThrow(/^queryRun: store must not be given with artifactsDir/);
    await expect(readTrendPack({ store: {} as never, runId: 'ONE', tick: 0 })).rejects.toThrow(/^readTrendPack: store must be an ArtifactStore/);
  });

  it.each([
    ['both', (dir: string) => ({ artifactsDir: dir, store: new FileStore(dir) }), /^abraxasTick: store must not be given with artifactsDir/],
    ['neither', () => ({}), /^abraxasTick: artifactsDir /],
    ['not a store', () => ({ store: { writeBatch: () => null } }), /^abraxasTick: store must be an ArtifactStore .*; it has no readRecord\(\)/],
    ['fsync with a store', (dir: string) => ({ store: new FileStore(dir), fsync: false }), /^abraxasTick: fsync applies to artifactsDir only/],
  ])('refuses %s, writing nothing', async (_label, where, message) => {
    const dir = await tempDir('store-bad');
    const options = { runId: 'BAD', mode: 'test', ...where(dir), ...work(0) } as unknown as Parameters<typeof abraxasTick>[0];
    const err: unknown = await abraxasTick(options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeValidationError);
    expect((err as Error).message).toMatch(message);
    expect(() => openRun({ runId: 'BAD', mode: 'test', ...where(dir) })).toThrow(RuntimeValidationError);
    expect(await listDir(dir)).toEqual([]);
  });
});

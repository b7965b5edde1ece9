/**
 * A tick with metrics finds where its metrics stand without reading the run's ledger: one
 * `latestRecord` question per `abraxasTick` call (a fresh store each call, as in a fresh process)
 * and none per tick of a run handle, whatever the run's length; no listing, no manifest read. A
 * store without `latestRecord` (the contract's optional method) still works, through the listing
 * fallback, and writes the same tree.
 */
import { FileStore, type ArtifactStore, type LatestRecordQuery, type RecordOrder, type StoreWrite } from '@abraxas/artifacts';
import { filesOf } from '@abraxas/store-contract';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, RuntimeValidationError, type MetricSpec } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

type Method = 'writeBatch' | 'readRecord' | 'listRecords' | 'readManifest' | 'latestRecord';

/** A file store that counts the contract calls made on it. */
class CountingStore implements ArtifactStore {
  readonly calls = new Map<Method, number>();
  constructor(readonly inner: FileStore) {}
  #count(m: Method): void {
    this.calls.set(m, (this.calls.get(m) ?? 0) + 1);
  }
  writeBatch = (items: readonly StoreWrite[]) => (this.#count('writeBatch'), this.inner.writeBatch(items));
  readRecord = (runId: string, relPath: string) => (this.#count('readRecord'), this.inner.readRecord(runId, relPath));
  listRecords = (runId: string, order?: RecordOrder) => (this.#count('listRecords'), this.inner.listRecords(runId, order));
  readManifest = (runId: string) => (this.#count('readManifest'), this.inner.readManifest(runId));
  latestRecord = (runId: string, query: LatestRecordQuery) => (this.#count('latestRecord'), this.inner.latestRecord(runId, query));
  listRuns = () => this.inner.listRuns();
  verifyRun = (runId: string) => this.inner.verifyRun(runId);
  close = () => this.inner.close();
}

/** The same, without the optional `latestRecord`. */
class ListingStore implements ArtifactStore {
  listings = 0;
  constructor(private readonly inner: FileStore) {}
  writeBatch = (items: readonly StoreWrite[]) => this.inner.writeBatch(items);
  readRecord = (runId: string, relPath: string) => this.inner.readRecord(runId, relPath);
  listRecords = (runId: string, order?: RecordOrder) => (this.listings++, this.inner.listRecords(runId, order));
  readManifest = (runId: string) => this.inner.readManifest(runId);
  listRuns = () => this.inner.listRuns();
  verifyRun = (runId: string) => this.inner.verifyRun(runId);
  close = () => this.inner.close();
}

const work = pipeline({ failShadowOn: [3] });
const policy = { shadow: { promote_after: 2, demote_after: 2 } };
const metrics = (): Record<string, MetricSpec<TestContext>> => ({ steady: steady(), drifting: driftOn([4]) });
/** The run's options; `spec` is one run's metrics (the drifting one keeps a counter: one instance per run). */
const optionsOf = (spec: Record<string, MetricSpec<TestContext>>) => ({ mode: 'test', metrics: spec, invarianceRuns: 2, promotionPolicy: policy }) as const;

describe('a tick with metrics does not read the run to find its states', () => {
  it('abraxasTick asks the store one latestRecord per call and never lists or reads the manifest, at tick 0 as at tick 39', async () => {
    const dir = await tempDir('reads');
    const options = optionsOf(metrics());
    const perCall: Record<string, number>[] = [];
    for (let t = 0; t < 40; t++) {
      const store = new CountingStore(new FileStore(dir, { fsync: false }));
      const r = await abraxasTick({ runId: 'R', store, ...options, ...work(t) });
      expect(r.promotion?.record.tick).toBe(t);
      perCall.push(Object.fromEntries(store.calls));
    }
    for (const calls of perCall) expect(calls).toEqual({ latestRecord: 1, writeBatch: 1 });
  });

  it('a repeated tick asks at most three latestRecord questions; a tick before the latest decision without one is refused', async () => {
    const dir = await tempDir('reads');
    const options = optionsOf(metrics());
    const once = async (t: number) => {
      const store = new CountingStore(new FileStore(dir, { fsync: false }));
      return { r: await abraxasTick({ runId: 'R', store, ...options, ...work(t) }), calls: Object.fromEntries(store.calls) };
    };
    const first = [];
    for (const t of [0, 1, 2, 5, 6]) first.push((await once(t)).r);
    for (const [i, t] of [0, 1, 2, 5, 6].entries()) {
      const again = await once(t);
      expect(again.r).toEqual(first[i]);
      expect(again.calls.listRecords ?? 0).toBe(0);
      expect(again.calls.readManifest ?? 0).toBe(0);
      expect(again.calls.latestRecord).toBeLessThanOrEqual(3);
    }
    await expect(once(4)).rejects.toThrow(RuntimeValidationError);
    await expect(once(4)).rejects.toThrow(/abraxasTick: tick must not be before the run's latest promotion decision \(tick 6\)/);
  });

  it('a run handle asks once, at its first tick, and reads nothing after', async () => {
    const dir = await tempDir('reads');
    const store = new CountingStore(new FileStore(dir, { fsync: false }));
    const run = openRun<TestContext>({ runId: 'R', store, ...optionsOf(metrics()) });
    for (let t = 0; t < 30; t++) await run.tick(work(t));
    await run.close();
    expect(Object.fromEntries(store.calls)).toEqual({ latestRecord: 1, writeBatch: 30 });
  });

  it('a store without latestRecord lists the run instead and writes the same tree', async () => {
    const direct = await tempDir('reads');
    const listed = await tempDir('reads');
    const [a, b] = [optionsOf(metrics()), optionsOf(metrics())];
    let listings = 0;
    for (let t = 0; t < 6; t++) {
      await abraxasTick({ runId: 'R', artifactsDir: direct, fsync: false, ...a, ...work(t) });
      const store = new ListingStore(new FileStore(listed, { fsync: false }));
      await abraxasTick({ runId: 'R', store, ...b, ...work(t) });
      listings += store.listings;
    }
    expect(listings).toBe(6); // one listing per call
    expect(filesOf(listed)).toEqual(filesOf(direct));
  });
});

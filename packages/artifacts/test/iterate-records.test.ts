/**
 * `iterateRecords(store, …)` over a store without the optional method: the listing fallback.
 * (The method itself is held to the contract suite in tooling/store-contract.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactNotFoundError, ArtifactValidationError, FileStore, iterateRecords, type ArtifactStore, type ManifestRecord } from '../src/index.js';

let dir: string;
let store: FileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'abraxas-iterate-'));
  store = new FileStore(dir, { fsync: false });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store's methods but `iterateRecords`, counting its listings. */
function withoutIteration(s: ArtifactStore): { store: ArtifactStore; listings: () => number } {
  let listings = 0;
  const bare: ArtifactStore = {
    writeBatch: (items) => s.writeBatch(items),
    readRecord: (runId, relPath) => s.readRecord(runId, relPath),
    listRecords: (runId, order) => {
      listings++;
      return s.listRecords(runId, order);
    },
    readManifest: (runId) => s.readManifest(runId),
    listRuns: () => s.listRuns(),
    verifyRun: (runId) => s.verifyRun(runId),
    close: () => s.close(),
  };
  return { store: bare, listings: () => listings };
}

async function all(it: AsyncIterable<ManifestRecord>): Promise<ManifestRecord[]> {
  const out: ManifestRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('iterateRecords without the store method', () => {
  it('lists the run once and yields its records in manifest order within the range', async () => {
    await store.writeBatch([5, 1, 3, 2, 4].map((tick) => ({ runId: 'R', tick, kind: 'k', schema: 'S.v0', obj: { tick }, relPath: `k/R/${String(tick)}.json` })));
    const bare = withoutIteration(store);
    expect((await all(iterateRecords(bare.store, 'R'))).map((r) => r.tick)).toEqual([1, 2, 3, 4, 5]);
    expect((await all(iterateRecords(bare.store, 'R', { fromTick: 2, toTick: 4 }))).map((r) => r.tick)).toEqual([2, 3, 4]);
    expect(bare.listings()).toBe(2);
    await expect(all(iterateRecords(bare.store, 'other'))).rejects.toThrow(ArtifactNotFoundError);
    await expect(all(iterateRecords(bare.store, 'R', { toTick: 1.5 }))).rejects.toThrow(/iterateRecords: range\.toTick must be a non-negative safe integer/);
    await expect(all(iterateRecords(bare.store, 'R', [] as never))).rejects.toThrow(ArtifactValidationError);
  });
});

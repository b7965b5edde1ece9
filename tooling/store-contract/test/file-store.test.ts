/**
 * The contract suite against the file store, each test in a fresh temporary folder.
 */
import { ArtifactCorruptError, FileStore, type StoreWrite } from '@abraxas/artifacts';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../src/index.js';

describeStoreContract('FileStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abraxas-store-contract-'));
  const store = new FileStore(dir, { fsync: false });
  return Promise.resolve({
    store,
    openAnother: () => Promise.resolve(new FileStore(dir, { fsync: false })),
    tamper: (_runId: string, relPath: string, bytes: Uint8Array) => {
      writeFileSync(join(dir, ...relPath.split('/')), bytes);
      return Promise.resolve();
    },
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe('FileStore beyond the contract', () => {
  const write = (obj: unknown): StoreWrite => ({ runId: 'R', tick: 0, kind: 'k', schema: 'S.v0', obj, relPath: 'k/R/0.json' });

  it('reads the new record after its run was removed and rewritten behind an open store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abraxas-file-store-'));
    try {
      const reader = new FileStore(dir, { fsync: false });
      await reader.writeBatch([write({ v: 1 })]);
      expect(Buffer.from((await reader.readRecord('R', 'k/R/0.json')).bytes).toString('utf8')).toBe('{"v":1}');
      rmSync(dir, { recursive: true, force: true });
      await new FileStore(dir, { fsync: false }).writeBatch([write({ v: 2 })]);
      expect(Buffer.from((await reader.readRecord('R', 'k/R/0.json')).bytes).toString('utf8')).toBe('{"v":2}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a listed record whose file is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abraxas-file-store-'));
    try {
      const store = new FileStore(dir, { fsync: false });
      await store.writeBatch([write({ v: 1 })]);
      unlinkSync(join(dir, 'k', 'R', '0.json'));
      await expect(store.readRecord('R', 'k/R/0.json')).rejects.toThrow(ArtifactCorruptError);
      await expect(store.readRecord('R', 'k/R/0.json')).rejects.toThrow(/^FileStore\.readRecord: k\/R\/0\.json is listed, but its file is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

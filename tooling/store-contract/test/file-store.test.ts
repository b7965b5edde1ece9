/**
 * The contract suite against the file store, each test in a fresh temporary folder.
 */
import { ArtifactCorruptError, ArtifactNotFoundError, FileStore, type StoreWrite } from '@abraxas/artifacts';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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
  /** Runs `body` in a fresh temporary folder, removed afterwards. */
  const inTempDir = async (body: (dir: string) => Promise<void>): Promise<void> => {
    const dir = mkdtempSync(join(tmpdir(), 'abraxas-file-store-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('reads the new record after its run was removed and rewritten behind an open store', () =>
    inTempDir(async (dir) => {
      const reader = new FileStore(dir, { fsync: false });
      await reader.writeBatch([write({ v: 1 })]);
      expect(Buffer.from((await reader.readRecord('R', 'k/R/0.json')).bytes).toString('utf8')).toBe('{"v":1}');
      rmSync(dir, { recursive: true, force: true });
      await new FileStore(dir, { fsync: false }).writeBatch([write({ v: 2 })]);
      expect(Buffer.from((await reader.readRecord('R', 'k/R/0.json')).bytes).toString('utf8')).toBe('{"v":2}');
    }));

  // The run's ledger files deleted and the run written anew, its old artifact file left in place
  // (a file with the same bytes is adopted by the new ledger, listed with its new tick and kind).
  const dropLedger = (dir: string): void => {
    for (const name of readdirSync(join(dir, 'manifests'))) rmSync(join(dir, 'manifests', name));
  };
  const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

  it('reads the new listing of a path whose ledger was deleted and written anew behind an open store', () =>
    inTempDir(async (dir) => {
      const reader = new FileStore(dir, { fsync: false });
      await reader.writeBatch([write({ v: 1 })]);
      expect((await reader.readRecord('R', 'k/R/0.json')).record).toMatchObject({ tick: 0, kind: 'k' });
      dropLedger(dir);
      const writer = new FileStore(dir, { fsync: false });
      await writer.writeBatch([{ ...write({ v: 1 }), tick: 7, kind: 'other', extra: { again: true } }]);
      const read = await reader.readRecord('R', 'k/R/0.json');
      expect(read.record).toMatchObject({ tick: 7, kind: 'other', extra: { again: true } });
      expect(text(read.bytes)).toBe('{"v":1}');
      // A path the new ledger does not list is not found, though its old file is still there.
      dropLedger(dir);
      await writer.writeBatch([{ ...write({ v: 2 }), relPath: 'k/R/1.json' }]);
      await expect(reader.readRecord('R', 'k/R/0.json')).rejects.toThrow(ArtifactNotFoundError);
      await expect(reader.readRecord('R', 'k/R/0.json')).rejects.toThrow('FileStore.readRecord: relPath "k/R/0.json" is not listed in run "R"');
      await writer.close();
      await reader.close();
    }));

  it('does not trust the records an iteration met once their ledger was deleted and written anew', () =>
    inTempDir(async (dir) => {
      const reader = new FileStore(dir, { fsync: false });
      await reader.writeBatch([write({ v: 1 }), { ...write({ v: 2 }), relPath: 'k/R/1.json' }]);
      const met: string[] = [];
      for await (const r of reader.iterateRecords('R')) met.push(r.path);
      expect(met).toEqual(['k/R/0.json', 'k/R/1.json']);
      dropLedger(dir);
      const writer = new FileStore(dir, { fsync: false });
      await writer.writeBatch([{ ...write({ v: 2 }), relPath: 'k/R/1.json', tick: 3 }]);
      await expect(reader.readRecord('R', 'k/R/0.json')).rejects.toThrow(ArtifactNotFoundError);
      expect((await reader.readRecord('R', 'k/R/1.json')).record.tick).toBe(3);
      await writer.close();
      await reader.close();
    }));

  it('names a listed record whose file is gone', () =>
    inTempDir(async (dir) => {
      const store = new FileStore(dir, { fsync: false });
      await store.writeBatch([write({ v: 1 })]);
      unlinkSync(join(dir, 'k', 'R', '0.json'));
      await expect(store.readRecord('R', 'k/R/0.json')).rejects.toThrow(ArtifactCorruptError);
      await expect(store.readRecord('R', 'k/R/0.json')).rejects.toThrow(/^FileStore\.readRecord: k\/R\/0\.json is listed, but its file is missing/);
    }));
});

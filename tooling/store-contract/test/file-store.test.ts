/**
 * The contract suite against the file store, each test in a fresh temporary folder.
 */
import { FileStore } from '@abraxas/artifacts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Moving runs between PostgreSQL and an artifacts folder: `exportRun` writes a run to a folder the
 * file store's `verifyRun` accepts, byte-identical to the tree the file store writes for the same
 * ticks; `importRun` loads a folder's run into PostgreSQL. Both are one atomic batch on the target.
 * Owns: export and import. Must not: write SQL (PostgresStore does).
 */
import { copyRun, FileStore, type RunManifest } from '@abraxas/artifacts';
import type { PostgresStore } from './postgres-store.js';

/** Writes run `runId` of `store` into the artifacts folder `artifactsDir`. */
export async function exportRun(store: PostgresStore, runId: string, artifactsDir: string): Promise<RunManifest> {
  const files = new FileStore(artifactsDir);
  try {
    return await copyRun('exportRun', store, runId, files);
  } finally {
    await files.close();
  }
}

/** Loads run `runId` of the artifacts folder `artifactsDir` into `store`. */
export async function importRun(artifactsDir: string, runId: string, store: PostgresStore): Promise<RunManifest> {
  const files = new FileStore(artifactsDir);
  try {
    return await copyRun('importRun', files, runId, store);
  } finally {
    await files.close();
  }
}

/**
 * Moving runs between PostgreSQL and an artifacts folder: `exportRun` writes a run to a folder the
 * file store's `verifyRun` accepts, byte-identical to the tree the file store writes for the same
 * ticks; `importRun` loads a folder's run into PostgreSQL. Both are one atomic batch on the target,
 * and check their arguments before anything is read or written.
 * Owns: export and import. Must not: write SQL (PostgresStore does).
 */
import { ArtifactValidationError, copyRun, FileStore, isValidRunId, RUN_ID_RULE, type RunManifest } from '@abraxas/artifacts';
import type { PostgresStore } from './postgres-store.js';

const STORE_METHODS = ['writeBatch', 'readRecord', 'listRecords', 'readManifest'] as const;

/** The arguments' rules, each error naming `fn`, the field and the rule. */
function requireArgs(fn: string, store: unknown, runId: unknown, artifactsDir: unknown): void {
  const isStore = typeof store === 'object' && store !== null && STORE_METHODS.every((m) => typeof (store as Record<string, unknown>)[m] === 'function');
  if (!isStore) throw new ArtifactValidationError(fn, 'store', 'must be a PostgresStore', store);
  if (!isValidRunId(runId)) throw new ArtifactValidationError(fn, 'runId', RUN_ID_RULE, runId);
  if (typeof artifactsDir !== 'string' || artifactsDir === '') throw new ArtifactValidationError(fn, 'artifactsDir', 'must be a non-empty string', artifactsDir);
}

/** Writes run `runId` of `store` into the artifacts folder `artifactsDir`. */
export async function exportRun(store: PostgresStore, runId: string, artifactsDir: string): Promise<RunManifest> {
  requireArgs('exportRun', store, runId, artifactsDir);
  const files = new FileStore(artifactsDir);
  try {
    return await copyRun('exportRun', store, runId, files);
  } finally {
    await files.close();
  }
}

/** Loads run `runId` of the artifacts folder `artifactsDir` into `store`. */
export async function importRun(artifactsDir: string, runId: string, store: PostgresStore): Promise<RunManifest> {
  requireArgs('importRun', store, runId, artifactsDir);
  const files = new FileStore(artifactsDir);
  try {
    return await copyRun('importRun', files, runId, store);
  } finally {
    await files.close();
  }
}

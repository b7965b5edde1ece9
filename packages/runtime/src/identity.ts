/**
 * The identity of a run — id, mode, where its records live (an artifacts folder or any
 * `ArtifactStore`), durability — validated once, and the store that keeps it.
 * Owns: run identity validation and store choice. Must not: run tasks or write artifacts.
 */
import { FileStore, type ArtifactStore } from '@abraxas/artifacts';
import { join } from 'node:path';
import { RuntimeValidationError } from './errors.js';
import type { RunIdentity } from './types.js';
import { requireBoolean, requirePlainObject, requireRunId, requireText } from './validate.js';

/** A validated run identity. */
export interface Identity {
  readonly runId: string;
  readonly mode: string;
  /** The artifacts folder, or null when the run was given a `store`. */
  readonly artifactsDir: string | null;
  readonly store: ArtifactStore;
}

const STORE_METHODS = ['writeBatch', 'readRecord', 'listRecords', 'readManifest', 'listRuns', 'verifyRun', 'close'] as const;

export function readIdentity(fn: string, options: unknown): Identity {
  requirePlainObject(fn, 'options', options);
  const o = options as Partial<RunIdentity>;
  requireRunId(fn, 'runId', o.runId);
  requireText(fn, 'mode', o.mode);
  if (o.store !== undefined) {
    if (o.artifactsDir !== undefined) throw new RuntimeValidationError(fn, 'store', 'must not be given with artifactsDir: pass exactly one of them');
    if (o.fsync !== undefined) throw new RuntimeValidationError(fn, 'fsync', 'applies to artifactsDir only: a store keeps its own durability', o.fsync);
    return { runId: o.runId, mode: o.mode, artifactsDir: null, store: requireStore(fn, o.store) };
  }
  requireText(fn, 'artifactsDir', o.artifactsDir);
  const fsync = o.fsync ?? true;
  requireBoolean(fn, 'fsync', fsync);
  return { runId: o.runId, mode: o.mode, artifactsDir: o.artifactsDir, store: new FileStore(o.artifactsDir, { fsync }) };
}

/** `value` as an `ArtifactStore`: an object with every method of the contract. */
export function requireStore(fn: string, value: unknown): ArtifactStore {
  const missing = STORE_METHODS.find((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
  if (typeof value !== 'object' || value === null || missing !== undefined) {
    throw new RuntimeValidationError(fn, 'store', `must be an ArtifactStore (an object with ${STORE_METHODS.join(', ')})${missing === undefined ? '' : `; it has no ${missing}()`}`, value);
  }
  return value as ArtifactStore;
}

/** A record's relative path as the tick reports it: joined with the artifacts folder, or as is on a store. */
export function fsPathOf(id: Identity, relPath: string): string {
  return id.artifactsDir === null ? relPath : join(id.artifactsDir, ...relPath.split('/'));
}

/**
 * The identity of a run — id, mode, artifacts folder, durability — validated once, and the
 * artifact store that keeps it.
 * Owns: run identity validation and store construction. Must not: run tasks or write artifacts.
 */
import { FileStore } from '@abraxas/artifacts';
import { join } from 'node:path';
import type { RunIdentity } from './types.js';
import { requireBoolean, requirePlainObject, requireRunId, requireText } from './validate.js';

/** A validated run identity. */
export interface Identity {
  readonly runId: string;
  readonly mode: string;
  readonly artifactsDir: string;
  readonly fsync: boolean;
}

export function readIdentity(fn: string, options: unknown): Identity {
  requirePlainObject(fn, 'options', options);
  const o = options as Partial<RunIdentity>;
  requireRunId(fn, 'runId', o.runId);
  requireText(fn, 'mode', o.mode);
  requireText(fn, 'artifactsDir', o.artifactsDir);
  const fsync = o.fsync ?? true;
  requireBoolean(fn, 'fsync', fsync);
  return { runId: o.runId, mode: o.mode, artifactsDir: o.artifactsDir, fsync };
}

/** The store of the run's folder (constructing it touches no file). */
export function storeFor(id: Identity): FileStore {
  return new FileStore(id.artifactsDir, { fsync: id.fsync });
}

/** A record's relative path as a path that opens it: the artifacts folder joined with it. */
export function fsPathOf(id: Identity, relPath: string): string {
  return join(id.artifactsDir, ...relPath.split('/'));
}

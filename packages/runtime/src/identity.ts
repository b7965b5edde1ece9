/**
 * The identity of a run — id, mode, artifacts folder, durability — validated once, and the
 * `ArtifactWriter` that writes it.
 * Owns: run identity validation and writer construction. Must not: run tasks or write artifacts.
 */
import { ArtifactWriter } from '@abraxas/artifacts';
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

/** A writer for the run's folder (constructing it touches no file). */
export function writerFor(id: Identity): ArtifactWriter {
  return new ArtifactWriter(id.artifactsDir, { fsync: id.fsync });
}

/**
 * Where a run's records are read from: an artifacts folder (the file store) or any
 * `ArtifactStore`, exactly one of the two, validated once for the readers.
 * Owns: `RunLocation` and its validation. Must not: read records itself.
 */
import { FileStore, iterateRecords, readManifest, type ArtifactStore, type Manifest, type ManifestRecord, type RecordRange } from '@abraxas/artifacts';
import { join } from 'node:path';
import { RuntimeValidationError } from './errors.js';
import { requireStore } from './identity.js';
import { requireKnownKeys } from './option-keys.js';
import { requirePlainObject, requireRunId, requireText } from './validate.js';

/** A run: the artifacts folder or a store (exactly one), and the run id. */
export interface RunLocation {
  readonly artifactsDir?: string;
  readonly store?: ArtifactStore;
  readonly runId: string;
}

/** A validated location. */
export interface LocatedRun {
  readonly runId: string;
  readonly store: ArtifactStore;
  /** The run's manifest. */
  manifest(): Promise<Manifest>;
  /** The run's records in manifest order, one at a time from one snapshot (constant memory on a store with `iterateRecords`). */
  records(range?: RecordRange): AsyncGenerator<ManifestRecord, void, undefined>;
  /** A relative path as the reader reports it: joined with the folder, or as is on a store. */
  pathOf(relPath: string): string;
}

/**
 * The run a reader's `options` name, after refusing options that are not a plain object or hold
 * a key not in `known` (the one unknown-key rule, `option-keys.ts`).
 */
export function locateRunOptions(fn: string, options: unknown, known: readonly string[]): LocatedRun {
  requirePlainObject(fn, 'options', options);
  requireKnownKeys(fn, options, known);
  return locateRun(fn, options.artifactsDir, options.store, options.runId);
}

export function locateRun(fn: string, artifactsDir: unknown, store: unknown, runId: unknown): LocatedRun {
  if (store !== undefined) {
    if (artifactsDir !== undefined) throw new RuntimeValidationError(fn, 'store', 'must not be given with artifactsDir: pass exactly one of them');
    const s = requireStore(fn, store);
    requireRunId(fn, 'runId', runId);
    return { runId, store: s, manifest: async () => (await s.readManifest(runId)).manifest, records: (range) => iterateRecords(s, runId, range), pathOf: (rel) => rel };
  }
  requireText(fn, 'artifactsDir', artifactsDir);
  requireRunId(fn, 'runId', runId);
  const fileStore = new FileStore(artifactsDir);
  return {
    runId,
    store: fileStore,
    manifest: () => readManifest(artifactsDir, runId),
    records: (range) => iterateRecords(fileStore, runId, range),
    pathOf: (rel) => join(artifactsDir, ...rel.split('/')),
  };
}

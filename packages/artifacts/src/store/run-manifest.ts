/**
 * A run's manifest and Merkle root from its records in any order, for backends that do not keep a
 * manifest file: the records are sorted into manifest order and checked like a stored manifest.
 * Owns: `runManifestOf`. Must not: do IO.
 */
import { ArtifactCorruptError } from '../errors.js';
import { manifestRootHash } from '../manifest-proof.js';
import { checkManifest } from '../record-check.js';
import { compareRecordKeys, MANIFEST_SCHEMA, type ManifestRecord } from '../records.js';
import type { RunManifest } from './contract.js';

/** The run's `Manifest.v0` (records sorted by `(tick, kind, schema, path)`) and its root hash. */
export function runManifestOf(fn: string, runId: string, records: readonly ManifestRecord[]): RunManifest {
  const sorted = [...records].sort(compareRecordKeys);
  const manifest = checkManifest({ schema: MANIFEST_SCHEMA, run_id: runId, records: sorted }, runId);
  if (typeof manifest === 'string') throw new ArtifactCorruptError(fn, `run ${JSON.stringify(runId)}`, `has a stored manifest that ${manifest}`);
  return { manifest, root_hash: manifestRootHash(manifest) };
}

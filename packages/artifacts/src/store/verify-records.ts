/**
 * `verifyStoredRecords`: `verifyRun` for a backend that keeps records and their bytes itself (no
 * folder, so nothing can be unlisted): re-hashes each record's bytes and checks the references
 * a rule names, with the problems and root hash the file store's `verifyRun` reports.
 * Owns: verification of records handed in by a backend. Must not: do IO.
 */
import { sha256Hex } from '@abraxas/ers';
import { manifestRelPath } from '../layout.js';
import { rootOfLeafHashes } from '../merkle.js';
import type { ManifestRecord } from '../records.js';
import { checkReferences, ruleAppliesTo, type VerifyOptions } from '../references.js';
import type { VerifyProblem, VerifyResult } from '../verify.js';
import { runManifestOf } from './run-manifest.js';

/** A stored record and its stored bytes (null when the bytes are gone). */
export interface StoredRecord {
  readonly record: ManifestRecord;
  readonly bytes: Uint8Array | null;
}

/**
 * Verifies a run's stored records; those in `pruned` without bytes are counted as pruned. No records: the run does not exist, reported as its manifest
 * missing (as the file store does). `options` are the store's `verifyRun` options, checked by the caller (`requireVerifyOptions`).
 */
export function verifyStoredRecords(fn: string, runId: string, stored: readonly StoredRecord[], pruned: ReadonlySet<string> = new Set(), options: VerifyOptions = {}): VerifyResult {
  const { references } = options;
  if (stored.length === 0) {
    return {
      ok: false,
      checked: 0,
      pruned: 0,
      root_hash: rootOfLeafHashes([]).toString('hex'),
      problems: [{ path: manifestRelPath(runId), problem: 'missing', detail: 'the run has no manifest in this store' }],
    };
  }
  const { manifest, root_hash } = runManifestOf(fn, runId, stored.map((s) => s.record));
  const listed = new Map<string, ManifestRecord>(manifest.records.map((r) => [r.path, r]));
  const problems: VerifyProblem[] = [];
  let prunedCount = 0;
  for (const { record: r, bytes } of stored) {
    if (bytes === null && pruned.has(r.path)) {
      prunedCount++;
    } else if (bytes === null) {
      problems.push({ path: r.path, problem: 'missing', detail: 'the listed record has no stored bytes' });
    } else if (bytes.length !== r.bytes) {
      problems.push({ path: r.path, problem: 'size', detail: `has ${String(bytes.length)} bytes; the manifest says ${String(r.bytes)}` });
    } else {
      const sha = sha256Hex(bytes);
      if (sha !== r.sha256) problems.push({ path: r.path, problem: 'tampered', detail: `has sha256 ${sha}; the manifest says ${r.sha256}` });
      else if (references !== undefined && ruleAppliesTo(fn, references, r)) problems.push(...checkReferences(fn, references, r, bytes, listed));
    }
  }
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0));
  return { ok: problems.length === 0, checked: manifest.records.length - prunedCount, pruned: prunedCount, root_hash, problems };
}

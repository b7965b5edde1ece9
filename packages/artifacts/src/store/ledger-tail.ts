/**
 * The last records of a run's manifest as the ledger's state keeps them (`TAIL_RECORDS` of them),
 * read without reading the journal or the manifest: what lets `FileStore.latestRecord` answer a
 * run that ticks forward in constant time.
 * Owns: reading the state's tail for a reader. Must not: write, or answer beyond the tail.
 */
import { RunLedger } from '../ledger/run-ledger.js';
import { OpenTree } from '../open-tree.js';
import { withReaderLock } from '../read.js';
import { checkManifestRecord } from '../record-check.js';
import type { ManifestRecord } from '../records.js';
import { ArtifactCorruptError } from '../errors.js';

/** The tail of the manifest, and whether it is the whole manifest; null when the run has no ledger or the folder cannot be locked. */
export async function manifestTail(fn: string, artifactsDir: string, runId: string): Promise<{ readonly records: readonly ManifestRecord[]; readonly whole: boolean } | null> {
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) return null;
  try {
    const ledger = await RunLedger.open(fn, tree, runId, true, false);
    if (ledger === null) return null;
    try {
      if (!ledger.exists()) return null;
      return await withReaderLock(fn, ledger, async (locked) => {
        if (!locked) return null;
        const state = await ledger.load(null);
        const records = state.tail.map((t) => {
          let value: unknown;
          try {
            value = JSON.parse(t.json);
          } catch {
            throw new ArtifactCorruptError(fn, ledger.files.state, 'holds a tail record that is not JSON');
          }
          const r = checkManifestRecord(value, runId);
          if (typeof r === 'string') throw new ArtifactCorruptError(fn, ledger.files.state, `holds a bad record: ${r}`);
          return r;
        });
        return { records, whole: state.records === records.length };
      });
    } finally {
      ledger.close();
    }
  } finally {
    tree.close();
  }
}

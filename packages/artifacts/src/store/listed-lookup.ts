/**
 * The record that lists one path of a run, found through the ledger's path index under the run's
 * lock for a moment (no manifest read), for `FileStore.readRecord`.
 * Owns: that lookup. Must not: write, or read the whole manifest.
 */
import { ArtifactCorruptError, ArtifactNotFoundError } from '../errors.js';
import { RunLedger } from '../ledger/run-ledger.js';
import { OpenTree } from '../open-tree.js';
import { withReaderLock } from '../read.js';
import { checkManifestRecord } from '../record-check.js';
import type { ManifestRecord } from '../records.js';

/**
 * The record listing `relPath` in run `runId`; undefined when the run does not list it; null when
 * the folder cannot be locked (the caller reads the manifest instead). `ArtifactNotFoundError`
 * when the run does not exist.
 */
export async function lookupListed(fn: string, artifactsDir: string, runId: string, relPath: string): Promise<ManifestRecord | undefined | null> {
  const notFound = (): ArtifactNotFoundError => new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) throw notFound();
  try {
    const ledger = await RunLedger.open(fn, tree, runId, true, false);
    if (ledger === null || !ledger.exists()) throw notFound();
    try {
      return await withReaderLock(fn, ledger, async (locked) => {
        if (!locked) return null;
        const state = await ledger.load(null);
        if (state.records === 0) throw notFound();
        const json = ledger.lookup(state, relPath);
        if (json === null) return undefined;
        const r = checkManifestRecord(JSON.parse(json), runId);
        if (typeof r === 'string') throw new ArtifactCorruptError(fn, ledger.files.journal, `holds a bad record for ${JSON.stringify(relPath)}: ${r}`);
        return r;
      });
    } finally {
      ledger.close();
    }
  } finally {
    tree.close();
  }
}

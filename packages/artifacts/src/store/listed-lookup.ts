/**
 * The record that lists one path of a run, found through the ledger's path index under the run's
 * lock for a moment (no manifest read), for `FileStore.readRecord`.
 * Owns: that lookup. Must not: write, or read the whole manifest.
 */
import { ArtifactCorruptError, ArtifactNotFoundError } from '../errors.js';
import { checkManifestRecord } from '../record-check.js';
import type { ManifestRecord } from '../records.js';
import { withLedger } from './with-ledger.js';

/**
 * The record listing `relPath` in run `runId`; undefined when the run does not list it; null when
 * the folder cannot be locked (the caller reads the manifest instead). `ArtifactNotFoundError`
 * when the run does not exist.
 */
export async function lookupListed(fn: string, artifactsDir: string, runId: string, relPath: string): Promise<ManifestRecord | undefined | null> {
  return withLedger(fn, artifactsDir, runId, true, { kind: 'reader' }, async ({ ledger, locked }) => {
    if (!locked) return null;
    const state = await ledger.load(null);
    if (state.records === 0) throw new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
    const json = ledger.lookup(state, relPath);
    if (json === null) return undefined;
    const r = checkManifestRecord(JSON.parse(json), runId);
    if (typeof r === 'string') throw new ArtifactCorruptError(fn, ledger.files.journal, `holds a bad record for ${JSON.stringify(relPath)}: ${r}`);
    return r;
  });
}

/**
 * `copyRun`: copies one run from a store to another (any two backends) in commit order, as one
 * batch: the target ends with the same records, bytes and root and, for a file store, the same
 * tree the source's writes would have written there (the tree depends on commit order only).
 * Owns: moving a run between backends. Must not: know any backend.
 */
import { ArtifactCorruptError } from '../errors.js';
import { checkManifestRecord } from '../record-check.js';
import { recordJson } from '../records.js';
import { canonicalTextOf } from '../validate.js';
import type { ArtifactStore, RunManifest, StoreWrite } from './contract.js';

/** Fatal and keeping a byte-order mark: bytes that are not exactly UTF-8 text are not JSON here. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Copies run `runId` of `from` into `to`; resolves to the run's manifest and root in `to`. */
export async function copyRun(fn: string, from: ArtifactStore, runId: string, to: ArtifactStore): Promise<RunManifest> {
  const records = await from.listRecords(runId, 'commit');
  const writes: StoreWrite[] = [];
  for (const r of records) {
    // What the source hands out is checked as read back from disk: a damaged source is the source's
    // fault (ArtifactCorruptError), never a validation error of the copy's own write.
    const listed = checkManifestRecord(r, runId);
    if (typeof listed === 'string') throw new ArtifactCorruptError(fn, r.path, `is listed as a record that ${listed}`);
    const { bytes } = await from.readRecord(runId, r.path);
    let text: string;
    let obj: unknown;
    try {
      text = strictUtf8.decode(bytes);
      obj = JSON.parse(text);
    } catch {
      throw new ArtifactCorruptError(fn, r.path, 'is not UTF-8 JSON');
    }
    const written = canonicalTextOf('$', obj);
    if ('problem' in written) throw new ArtifactCorruptError(fn, r.path, `does not hold canonical JSON: its value at ${written.problem}`);
    if (written.text !== text) throw new ArtifactCorruptError(fn, r.path, 'does not hold canonical JSON: its copy would have other bytes');
    writes.push({ runId, tick: r.tick, kind: r.kind, schema: r.schema, relPath: r.path, obj, ...(r.extra === undefined ? {} : { extra: r.extra }) });
  }
  const written = await to.writeBatch(writes);
  for (const r of records) {
    const got = written.get(r.path);
    if (got === undefined || recordJson(got) !== recordJson(r)) {
      throw new ArtifactCorruptError(fn, r.path, 'does not hold canonical JSON: its copy would have other bytes');
    }
  }
  return to.readManifest(runId);
}

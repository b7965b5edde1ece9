/**
 * `copyRun`: copies one run from a store to another (any two backends) in commit order, as one
 * batch: the target ends with the same records, bytes and root and, for a file store, the same
 * tree the source's writes would have written there (the tree depends on commit order only).
 * Owns: moving a run between backends. Must not: know any backend.
 */
import { ArtifactCorruptError } from '../errors.js';
import { recordJson } from '../records.js';
import type { ArtifactStore, RunManifest, StoreWrite } from './contract.js';

/** Copies run `runId` of `from` into `to`; resolves to the run's manifest and root in `to`. */
export async function copyRun(fn: string, from: ArtifactStore, runId: string, to: ArtifactStore): Promise<RunManifest> {
  const records = await from.listRecords(runId, 'commit');
  const writes: StoreWrite[] = [];
  for (const r of records) {
    const { bytes } = await from.readRecord(runId, r.path);
    let obj: unknown;
    try {
      obj = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new ArtifactCorruptError(fn, r.path, 'is not UTF-8 JSON');
    }
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

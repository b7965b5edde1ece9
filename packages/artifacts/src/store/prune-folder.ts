/**
 * Pruning in the file store: under the run's lock, the records' tombstones are appended to
 * `manifests/<run_id>.pruned.log` (the commit point), then their files are deleted and their
 * folders fsynced. A prune killed at any instant leaves a run that verifies: before the append
 * nothing changed; after it, a tombstoned file still present is a prune in progress, finished by
 * the next prune. The journal and the manifest are never touched. No link is followed or removed.
 * Owns: pruning and listing tombstones in a folder. Must not: choose what to prune.
 */
import { unlinkSync } from 'node:fs';
import { errnoCode, lstatOwn } from '../durable-fs.js';
import { ArtifactNotFoundError } from '../errors.js';
import { appendTombstones, readTombstones, type Tombstone } from '../ledger/pruned-log.js';
import type { OpenDir, OpenTree } from '../open-tree.js';
import type { ManifestRecord } from '../records.js';
import type { PruneResult } from './contract.js';
import { withLedger } from './with-ledger.js';

/** Tombstones `relPaths` (each a listed record of the run) and deletes their files. */
export async function pruneInFolder(
  fn: string,
  artifactsDir: string,
  runId: string,
  relPaths: readonly string[],
  durable: boolean,
  lockTimeoutMs: number,
): Promise<PruneResult> {
  return withLedger(fn, artifactsDir, runId, durable, { kind: 'writer', timeoutMs: lockTimeoutMs }, async ({ tree, ledger, io }) => {
    const state = await ledger.load(null);
    const listed = new Map(ledger.readEntries(state.journalBytes).map((e) => [e.record.path, e.record]));
    relPaths.forEach((p, i) => {
      if (!listed.has(p)) throw new ArtifactNotFoundError(fn, `relPaths[${String(i)}]`, `${JSON.stringify(p)} is not listed in run ${JSON.stringify(runId)}`);
    });
    const { tombstones, complete } = readTombstones(io, listed);
    const fresh: ManifestRecord[] = [];
    const already: string[] = [];
    for (const p of new Set(relPaths)) {
      if (tombstones.has(p)) already.push(p);
      else fresh.push(listed.get(p) as ManifestRecord);
    }
    if (fresh.length > 0) await appendTombstones(io, complete, fresh, durable);
    // Every tombstoned file still there goes: this prune's, and any a killed prune left.
    await deleteFiles(fn, tree, [...tombstones.values(), ...fresh], durable);
    return { pruned: fresh, already };
  });
}

/** The paths of the run's pruned records (committed tombstones only). */
export async function prunedInFolder(fn: string, artifactsDir: string, runId: string): Promise<ReadonlySet<string>> {
  return withLedger(fn, artifactsDir, runId, false, { kind: 'reader' }, ({ io }) => Promise.resolve(new Set(readTombstones(io, null).tombstones.keys())));
}

async function deleteFiles(fn: string, tree: OpenTree, records: readonly Tombstone[], durable: boolean): Promise<void> {
  const touched = new Set<OpenDir>();
  for (const r of records) {
    const place = await tree.parentOf(r.path, false);
    if (place === null) continue;
    const path = place.dir.at(place.name);
    // A link or a foreign file at the path is refused (ArtifactCorruptError), never removed.
    if (lstatOwn(fn, path, r.path) === null) continue;
    try {
      unlinkSync(path);
      touched.add(place.dir);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
  }
  if (durable) for (const dir of touched) await dir.fsync();
}

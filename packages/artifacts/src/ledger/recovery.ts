/**
 * Recovery: rebuilds a run's derived files from its journal, every line checked. Cuts a torn last
 * line (a write or batch that never resolved; a batch's complete lines before the tear stay, their
 * pending files complete), finishes the renames of the last committed write or batch if a crash
 * interrupted them, then rewrites the manifest and the index. A run with a manifest but no journal
 * (an imported folder) gets its journal from the manifest first.
 * Owns: recovery. Must not: take the lock or write the state file (the ledger does, after).
 */
import { sha256Hex } from '@abraxas/ers';
import { closeSync, constants, ftruncateSync, lstatSync, renameSync } from 'node:fs';
import { fsyncFd, readOwn } from '../durable-fs.js';
import { ArtifactCorruptError } from '../errors.js';
import { pendingRelPath } from '../layout.js';
import type { OpenTree } from '../open-tree.js';
import { buildIndex } from '../path-index.js';
import { checkManifest } from '../record-check.js';
import { recordJson, type ManifestRecord } from '../records.js';
import { splitJournal, type JournalEntry } from './journal.js';
import type { LedgerFiles } from './ledger-files.js';
import { byteLength, keyOf, materialise } from './manifest-tail.js';
import { EMPTY_STATE, type LedgerState } from './state-file.js';

/**
 * Recovers the run's ledger and rewrites its manifest and index; the state to write, or the empty
 * state when the run has neither journal nor manifest. The caller must have closed its index.
 */
export async function recoverLedger(files: LedgerFiles, tree: OpenTree, durable: boolean): Promise<Omit<LedgerState, 'marks'>> {
  let buf = files.read('journal');
  if (buf === null || buf.length === 0) {
    const imported = await importManifest(files, durable);
    if (imported !== null) buf = imported;
    else if (buf === null) return EMPTY_STATE;
  }
  const { entries, complete } = splitJournal(files.fn, files.files.journal, buf, files.runId);
  if (complete < buf.length) {
    const fd = files.open('journal', constants.O_RDWR) as number;
    try {
      ftruncateSync(fd, complete);
      if (durable) await fsyncFd(fd);
    } finally {
      closeSync(fd);
    }
  }
  // The last batch's renames may have been cut short. A batch renames its files in journal
  // order, after lines of files already in place (adopted), so walking back from the end, the
  // records whose files are missing reach back at most to the first file in place.
  for (let i = entries.length - 1; i >= 0; i--) {
    if (await rollForward(files.fn, tree, (entries[i] as JournalEntry).record, durable)) break;
  }
  const { text, tail } = materialise(
    files.runId,
    entries.map((e) => ({ json: e.json, key: keyOf(e.record) })),
  );
  await files.replace('manifest', text, false);
  await files.replace(
    'index',
    buildIndex(
      entries.map((e) => ({ path: e.record.path, line: { offset: e.offset, length: e.length } })),
      complete,
    ),
    false,
  );
  return { journalBytes: complete, records: entries.length, manifestBytes: byteLength(text), tail };
}

/** Journal text from an existing manifest with no journal, or null when there is none. */
async function importManifest(files: LedgerFiles, durable: boolean): Promise<Buffer | null> {
  const raw = files.read('manifest');
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ArtifactCorruptError(files.fn, files.files.manifest, 'is not JSON and there is no journal to restore it from');
  }
  const manifest = checkManifest(value, files.runId);
  if (typeof manifest === 'string') {
    throw new ArtifactCorruptError(files.fn, files.files.manifest, `cannot be imported (there is no journal): it ${manifest}`);
  }
  const text = manifest.records.map((r) => `${recordJson(r)}\n`).join('');
  await files.replace('journal', text, durable);
  return Buffer.from(text, 'utf8');
}

/**
 * Completes the rename of a committed artifact still under its pending name. True when its file
 * was already in place (the walk back over the last batch stops there).
 */
async function rollForward(fn: string, tree: OpenTree, record: ManifestRecord, durable: boolean): Promise<boolean> {
  const place = await tree.parentOf(record.path, false);
  if (place === null) return false; // its folder is gone, and its pending file with it
  const finalFs = place.dir.at(place.name);
  if (lstatSync(finalFs, { throwIfNoEntry: false }) !== undefined) return true;
  const pendingRel = pendingRelPath(record.path);
  const pendingName = pendingRel.slice(pendingRel.lastIndexOf('/') + 1);
  const pending = readOwn(fn, place.dir.at(pendingName), pendingRel);
  if (pending === null || pending.length !== record.bytes || sha256Hex(pending) !== record.sha256) return false;
  renameSync(place.dir.at(pendingName), finalFs);
  if (durable) await place.dir.fsync();
  return false;
}

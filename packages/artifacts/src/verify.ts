/**
 * `verifyRun`: re-reads a run and names everything that does not match its ledger — listed files
 * that are missing, of the wrong size or with the wrong hash, references (named by the caller's
 * rule) that do not point at listed artifacts with matching hashes, unlisted files in the run's folders — with the run's
 * root hash. It takes the run's lock only to restore a crash-left manifest and take a snapshot of
 * the journal; files are checked without it, so writers are not held up. No link is followed: a
 * link where a listed file or a folder of the run should be is reported, never read.
 * Owns: run verification. Must not: change artifacts.
 */
import { canonicalJson } from '@abraxas/ers';
import { sha256HexOf } from './digest.js';
import { readdir } from 'node:fs/promises';
import { errnoCode, readOwn } from './durable-fs.js';
import { ArtifactCorruptError } from './errors.js';
import { withIoErrors } from './fs-errors.js';
import { isTemporaryName } from './layout.js';
import type { JournalEntry } from './ledger/journal.js';
import { RunLedger } from './ledger/run-ledger.js';
import { OpenDir, OpenTree } from './open-tree.js';
import { CHUNK, CONFIRMED_WITH_BYTES, CONFIRMED_WITHOUT_BYTES, NOT_CONFIRMED, startJob, type HelperResult } from './hash-helper.js';
import { leafHashOfText, rootOfLeafHashes } from './merkle.js';
import { withReaderLock } from './read.js';
import { checkReferences, requireVerifyOptions, ruleAppliesTo, type ReferenceRule, type VerifyOptions } from './references.js';
import { checkManifest } from './record-check.js';
import { compareRecordKeys, manifestText, recordJson, type ManifestRecord } from './records.js';
import { isPlainObject, MANIFESTS_DIR, requireFolderPath, requireRunId } from './validate.js';
import { LedgerFiles } from './ledger/ledger-files.js';
import { readTombstones } from './ledger/pruned-log.js';

/** What can be wrong with one file of a run. */
export type VerifyProblemKind = 'missing' | 'tampered' | 'size' | 'unlisted' | 'bad_ref';

export interface VerifyProblem {
  /** Path relative to the artifacts folder, `/`-separated. */
  readonly path: string;
  readonly problem: VerifyProblemKind;
  readonly detail: string;
}

export interface VerifyResult {
  /** True when there is no problem. */
  readonly ok: boolean;
  /** How many listed artifacts were re-hashed. */
  readonly checked: number;
  /**
   * How many listed artifacts were pruned (their bytes deleted on purpose, a tombstone kept): not
   * problems, and not counted in `checked`.
   */
  readonly pruned: number;
  /** The run's root hash (`manifestRootHash` of its manifest). */
  readonly root_hash: string;
  /** Every problem found, sorted by path, then kind. */
  readonly problems: readonly VerifyProblem[];
}

/**
 * Verifies every artifact of `runId` under `artifactsDir` against the run's ledger, and the
 * references `options.references` names.
 */
export async function verifyRun(artifactsDir: string, runId: string, options?: VerifyOptions): Promise<VerifyResult> {
  const fn = 'verifyRun';
  requireFolderPath(fn, 'artifactsDir', artifactsDir);
  requireRunId(fn, 'runId', runId);
  const { references } = requireVerifyOptions(fn, options);
  return withIoErrors(fn, () => verifyIn(fn, artifactsDir, runId, references));
}

async function verifyIn(fn: string, artifactsDir: string, runId: string, references: ReferenceRule | undefined): Promise<VerifyResult> {
  const emptyRoot = rootOfLeafHashes([]).toString('hex');
  const noManifest = (): VerifyResult =>
    finish(0, emptyRoot, [{ path: `manifests/${runId}.manifest.json`, problem: 'missing', detail: 'the run has no manifest in this folder' }]);
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) return noManifest();
  try {
    let ledger: RunLedger | null;
    try {
      ledger = await RunLedger.open(fn, tree, runId, true, false);
      if (ledger === null || !ledger.exists()) return noManifest();
    } catch (err) {
      if (!(err instanceof ArtifactCorruptError)) throw err;
      return finish(0, emptyRoot, [{ path: err.file, problem: 'tampered', detail: err.message }]);
    }
    return await verifyLedger(fn, tree, ledger, emptyRoot, references);
  } finally {
    tree.close();
  }
}

async function verifyLedger(fn: string, tree: OpenTree, ledger: RunLedger, emptyRoot: string, references: ReferenceRule | undefined): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  let entries: JournalEntry[];
  let snapshot: number | null;
  let manifestBytes: Buffer | null;
  let derived: Derived | null;
  try {
    ({ entries, snapshot, manifestBytes, derived } = await withReaderLock(fn, ledger, async (locked) => {
      // The manifest as found, before a crash-left one is restored: one listing a record the
      // journal does not hold is reported, whatever the restore makes of it.
      const found = ledger.readManifestBytes();
      const state = locked ? await ledger.load(null) : null;
      const to = state === null ? null : state.journalBytes;
      const fromJournal = ledger.readEntries(to);
      // A read-only folder whose run has no journal (an imported manifest): check the manifest's records.
      const imported = !locked && fromJournal.length === 0 && found !== null ? entriesOfManifest(fn, ledger, found) : null;
      // A manifest exactly as the journal derives it is the one to check; else see listsOnly.
      const derived = locked && found !== null ? manifestOf(ledger.runId, fromJournal) : null;
      const keepFound = derived !== null && found !== null && (found.equals(Buffer.from(derived.text, 'utf8')) || !listsOnly(found, fromJournal));
      return { entries: imported ?? fromJournal, snapshot: to, manifestBytes: keepFound ? found : ledger.readManifestBytes(), derived };
    }));
  } catch (err) {
    if (!(err instanceof ArtifactCorruptError)) throw err;
    return finish(0, emptyRoot, [{ path: err.file, problem: 'tampered', detail: err.message }]);
  }

  const { sorted, text: expected } = derived ?? manifestOf(ledger.runId, entries);
  const records = sorted.map((e) => e.record);
  const folders = new FolderCache(tree);
  const places: Place[] = [];
  for (const r of records) places.push(folders.known(r.path) ?? (await folders.parentOf(r.path)));
  // Files are read synchronously: one small read after another is several times faster than
  // round trips through the thread pool, and each intact citing record is checked from the bytes
  // just read. A helper thread reads and hashes them from the last one back (hash-helper.ts),
  // starting while the ledger is checked here; the files it confirms are taken as read here, in
  // the same order, every other one is checked here.
  // The folders searched for unlisted files (see findUnlisted), listed by the helper first.
  const folderOf = records.map((r) => r.path.slice(0, r.path.lastIndexOf('/')));
  const folderNames = [...new Set(folderOf)].sort();
  const folderIndex = new Map(folderNames.map((f, k) => [f, k]));
  const folderPaths: string[] = [];
  for (const f of folderNames) {
    let dir: OpenDir | null;
    try {
      dir = await tree.dir(f, false);
    } catch {
      // Refused, or not opened (the error is thrown when its first record is checked, see FolderCache).
      dir = null;
    }
    folderPaths.push(dir === null ? '' : dir.self());
  }
  const job = startJob({
    paths: places.map((p) => (p === null || p instanceof ArtifactCorruptError || p instanceof Unopened ? '' : p.dir.at(p.name))),
    sizes: records.map((r) => r.bytes),
    shas: records.map((r) => r.sha256),
    folders: folderPaths,
    rel: records.map((r) => r.path),
    folderOf: folderOf.map((f) => folderIndex.get(f) ?? -1),
  });
  let from = 0;
  let helped: HelperResult | null | undefined;
  let pruned = 0;
  let rootHash: string;
  let listed: Map<string, ManifestRecord>;
  let tombstones: ReadonlySet<string>;
  const check = (i: number, checked: Buffer | VerifyProblem): void => {
    const r = records[i] as ManifestRecord;
    if (!Buffer.isBuffer(checked)) {
      // A pruned record's file is gone on purpose (still there: a prune in progress, checked as any file).
      if (checked.problem === 'missing' && tombstones.has(r.path)) pruned++;
      else problems.push(checked);
    } else if (references !== undefined && ruleAppliesTo(fn, references, r)) problems.push(...checkReferences(fn, references, r, checked, listed));
  };
  try {
    rootHash = rootOfLeafHashes(sorted.map((e) => leafHashOfText(e.json))).toString('hex');
    if (entries.length > 0 || snapshot !== null) {
      if (manifestBytes?.toString('utf8') !== expected) {
        problems.push({
          path: ledger.files.manifest,
          problem: manifestBytes === null ? 'missing' : 'tampered',
          detail: 'the manifest file does not match the run\'s journal (manifests/<run_id>.manifest.log)',
        });
      }
    }
    listed = new Map<string, ManifestRecord>(records.map((r) => [r.path, r]));
    tombstones = await readPruned(fn, tree, ledger, listed, problems);
    for (; from < records.length; from += CHUNK) {
      if (job !== null && !job.claim(from / CHUNK)) break;
      const end = Math.min(records.length, from + CHUNK);
      for (let i = from; i < end; i++) check(i, checkFile(fn, places[i] as Place, records[i] as ManifestRecord));
    }
  } finally {
    // The helper reads through the tree's open folders: it stops before they can be closed.
    helped = await job?.stop();
  }
  // The chunks the helper claimed (all of them from `from` on); a helper that failed confirmed none.
  for (let i = from; i < records.length; i++) {
    const r = records[i] as ManifestRecord;
    const status = helped?.status[i] ?? NOT_CONFIRMED;
    if (helped != null && status === CONFIRMED_WITH_BYTES) {
      check(i, Buffer.from(helped.arenas[helped.place[2 * i] as number] as ArrayBuffer, helped.place[2 * i + 1], r.bytes));
    } else if (status !== CONFIRMED_WITHOUT_BYTES) {
      check(i, checkFile(fn, places[i] as Place, r));
    } else if (references !== undefined && ruleAppliesTo(fn, references, r)) {
      // Confirmed, its bytes not kept: read again for its references (a file changed since is reported as found).
      const checked = checkFile(fn, places[i] as Place, r);
      if (Buffer.isBuffer(checked)) problems.push(...checkReferences(fn, references, r, checked, listed));
      else if (checked.problem === 'missing' && tombstones.has(r.path)) pruned++;
      else problems.push(checked);
    }
  }
  problems.push(...(await findUnlisted(tree, ledger, folderNames, listed, snapshot, helped?.listing ?? null)));
  return finish(records.length - pruned, rootHash, problems, pruned);
}

/** The run's tombstones; a damaged tombstone file is reported (and then nothing counts as pruned). */
async function readPruned(fn: string, tree: OpenTree, ledger: RunLedger, listed: ReadonlyMap<string, ManifestRecord>, problems: VerifyProblem[]): Promise<ReadonlySet<string>> {
  const dir = await tree.dir(MANIFESTS_DIR, false);
  if (dir === null) return new Set();
  try {
    return new Set(readTombstones(new LedgerFiles(fn, dir, ledger.runId), listed).tombstones.keys());
  } catch (err) {
    if (!(err instanceof ArtifactCorruptError)) throw err;
    problems.push({ path: ledger.files.pruned, problem: 'tampered', detail: err.message });
    return new Set();
  }
}

/** The journal's entries in manifest order and the manifest text they derive. */
interface Derived {
  readonly sorted: JournalEntry[];
  readonly text: string;
}

function manifestOf(runId: string, entries: readonly JournalEntry[]): Derived {
  const sorted = [...entries].sort((a, b) => compareRecordKeys(a.record, b.record));
  return {
    sorted,
    text: manifestText(
      runId,
      sorted.map((e) => e.json),
    ),
  };
}

/**
 * True when the manifest bytes `found` are what a crash can leave behind: not a manifest at all (a
 * torn patch) or one listing only records the journal holds. False when it lists any other record.
 */
function listsOnly(found: Buffer, journal: readonly JournalEntry[]): boolean {
  let value: unknown;
  try {
    value = JSON.parse(found.toString('utf8'));
  } catch {
    return true;
  }
  if (!isPlainObject(value) || !Array.isArray(value.records)) return true;
  const held = new Set(journal.map((e) => e.json));
  return value.records.every((r: unknown) => {
    try {
      return held.has(canonicalJson(r));
    } catch {
      return false;
    }
  });
}

function entriesOfManifest(fn: string, ledger: RunLedger, bytes: Buffer): JournalEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ArtifactCorruptError(fn, ledger.files.manifest, 'is not JSON');
  }
  const manifest = checkManifest(value, ledger.runId);
  if (typeof manifest === 'string') throw new ArtifactCorruptError(fn, ledger.files.manifest, manifest);
  return manifest.records.map((record) => ({ record, json: recordJson(record), offset: 0, length: 0 }));
}

function finish(checked: number, rootHash: string, problems: VerifyProblem[], pruned = 0): VerifyResult {
  const order = (a: VerifyProblem, b: VerifyProblem): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : 0;
  problems.sort(order);
  return { ok: problems.length === 0, checked, pruned, root_hash: rootHash, problems };
}

/**
 * A folder that could not be opened for another reason than damage (EACCES, EMFILE…): its error is
 * thrown when its first record is checked, so that, folders being looked up before any file is
 * read, a verification still fails with the first error met in record order.
 */
class Unopened {
  constructor(readonly error: unknown) {}
}

/**
 * The open folder of each listed file's folder, looked up once per folder (records of one folder
 * are many; a missing or refused folder is not tried again for each of its files): what
 * `OpenTree.parentOf` gives, or the error it threw (see Unopened), kept per folder.
 */
class FolderCache {
  readonly #tree: OpenTree;
  readonly #dirs = new Map<string, OpenDir | null | ArtifactCorruptError | Unopened>();

  constructor(tree: OpenTree) {
    this.#tree = tree;
  }

  /** What `parentOf` gives for `relPath` when its folder was looked up before, else undefined. */
  known(relPath: string): Place | undefined {
    const slash = relPath.lastIndexOf('/');
    const dir = this.#dirs.get(slash < 0 ? '' : relPath.slice(0, slash));
    if (dir === undefined) return undefined;
    return dir instanceof OpenDir ? { dir, name: relPath.slice(slash + 1) } : dir;
  }

  async parentOf(relPath: string): Promise<Place> {
    const slash = relPath.lastIndexOf('/');
    const folder = slash < 0 ? '' : relPath.slice(0, slash);
    let dir = this.#dirs.get(folder);
    if (dir === undefined) {
      try {
        dir = await this.#tree.dir(folder, false);
      } catch (err) {
        dir = err instanceof ArtifactCorruptError ? err : new Unopened(err);
      }
      this.#dirs.set(folder, dir);
    }
    return dir instanceof OpenDir ? { dir, name: relPath.slice(slash + 1) } : dir;
  }
}

/** Where a listed file is: its open folder and name, no folder (null), or why its folder was refused or not opened. */
type Place = { readonly dir: OpenDir; readonly name: string } | null | ArtifactCorruptError | Unopened;

/** The file's bytes when it matches its record, or the problem with it (a link is never read). */
function checkFile(fn: string, place: Place, r: ManifestRecord): Buffer | VerifyProblem {
  if (place instanceof Unopened) throw place.error;
  let bytes: Buffer | null;
  try {
    if (place instanceof ArtifactCorruptError) throw place;
    bytes = place === null ? null : readOwn(fn, place.dir.at(place.name), r.path);
  } catch (err) {
    if (err instanceof ArtifactCorruptError) return { path: r.path, problem: 'tampered', detail: err.message };
    throw err;
  }
  if (bytes === null) return { path: r.path, problem: 'missing', detail: 'the listed file does not exist' };
  if (bytes.length !== r.bytes) {
    return { path: r.path, problem: 'size', detail: `has ${String(bytes.length)} bytes; the manifest says ${String(r.bytes)}` };
  }
  const sha = sha256HexOf(bytes);
  if (sha !== r.sha256) return { path: r.path, problem: 'tampered', detail: `has sha256 ${sha}; the manifest says ${r.sha256}` };
  return bytes;
}

/**
 * Files in the folders that hold the run's artifacts that the manifest does not list. Temporary
 * files of writers in progress are ignored, and so are files listed by records committed after the
 * snapshot (a write that finished while this verification ran).
 */
async function findUnlisted(
  tree: OpenTree,
  ledger: RunLedger,
  folders: readonly string[],
  listed: ReadonlyMap<string, ManifestRecord>,
  snapshot: number | null,
  helperListing: readonly ((string | boolean)[] | null)[] | null,
): Promise<VerifyProblem[]> {
  const candidates: VerifyProblem[] = [];
  const found = (folder: string, name: string, isDirectory: boolean): void => {
    if (isTemporaryName(name)) return;
    const rel = `${folder}/${name}`;
    if (listed.has(rel)) return;
    candidates.push({ path: rel, problem: 'unlisted', detail: isDirectory ? 'a folder the manifest does not account for' : 'a file the manifest does not list' });
  };
  for (let k = 0; k < folders.length; k++) {
    const folder = folders[k] as string;
    // The entries the helper listed that no listed file is named after (a folder it did not list is listed here).
    const byHelper = helperListing?.[k] ?? null;
    if (byHelper !== null) {
      for (let i = 0; i < byHelper.length; i += 2) found(folder, byHelper[i] as string, byHelper[i + 1] === true);
      continue;
    }
    let names;
    try {
      const dir = await tree.dir(folder, false);
      if (dir === null) continue;
      names = await readdir(dir.self(), { withFileTypes: true });
    } catch (err) {
      if (err instanceof ArtifactCorruptError) continue; // its listed files are reported already
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') continue;
      throw err;
    }
    for (const d of names) found(folder, d.name, d.isDirectory());
  }
  if (candidates.length === 0 || snapshot === null) return candidates;
  const later = new Set(ledger.readEntries(null).map((e) => e.record.path));
  return candidates.filter((c) => !later.has(c.path));
}

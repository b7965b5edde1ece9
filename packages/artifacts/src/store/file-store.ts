/**
 * `FileStore`: the storage contract over one artifacts folder, built on `ArtifactWriter`,
 * `readManifest` and `verifyRun` (the folder's layout and crash safety are theirs).
 * Owns: mapping the contract onto the file machinery. Must not: write ledger files itself.
 */
import { readdir } from 'node:fs/promises';
import { errnoCode, readOwn } from '../durable-fs.js';
import { ArtifactConflictError, ArtifactCorruptError, ArtifactNotFoundError, ArtifactValidationError } from '../errors.js';
import { RunLedger } from '../ledger/run-ledger.js';
import { OpenTree } from '../open-tree.js';
import { readManifest, withReaderLock } from '../read.js';
import { compareRecordKeys, type Manifest, type ManifestRecord } from '../records.js';
import { isValidRunId, MANIFESTS_DIR, requireNonEmptyString, requirePlainObject, requireRelPath, requireRunId } from '../validate.js';
import { requireVerifyOptions, type VerifyOptions } from '../references.js';
import { verifyRun, type VerifyResult } from '../verify.js';
import { ArtifactWriter, writePreparedBatch, type ArtifactWriterOptions } from '../writer.js';
import type { ArtifactStore, BatchResult, LatestRecordQuery, PruneResult, RecordOrder, RecordRange, RunManifest, SealedRecord, StoreWrite } from './contract.js';
import { requireRecordRange } from './iterate-records.js';
import { ledgerIdentity, ListedCache, type LedgerIdentity } from './listed-cache.js';
import { lookupListed } from './listed-lookup.js';
import { streamManifest } from './manifest-stream.js';
import { lastMatching, requireLatestQuery } from './latest-record.js';
import { manifestTail } from './ledger-tail.js';
import { pruneInFolder, prunedInFolder } from './prune-folder.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from '../run-lock.js';
import { prepareBatch } from './prepare.js';
import { requireRecordAddress } from './record-address.js';
import { runManifestOf } from './run-manifest.js';
import { checkSealedBytes } from './sealed-read.js';

/** Options of `new FileStore(artifactsDir, options)`: those of `ArtifactWriter`. */
export type FileStoreOptions = ArtifactWriterOptions;

const CONFLICT_MARK = 'conflicts with what is stored; ';
const ORDERS: readonly unknown[] = ['manifest', 'commit'];
const MANIFEST_SUFFIXES = ['.manifest.json', '.manifest.log'];
/** How many listed records a store remembers (the last ones it looked up or iterated over). */
const LISTED_CACHE = 64;

/**
 * The file store: the embedded default backend, one folder on one machine. Writers in other
 * processes coordinate through the run's lock file; see `ArtifactStore` for the guarantees.
 */
export class FileStore implements ArtifactStore {
  /** The artifacts folder, as given. */
  readonly artifactsDir: string;
  private readonly writer: ArtifactWriter;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  /**
   * Records last seen listed, by run and path (at most `LISTED_CACHE`): a listed record never
   * changes while its ledger stands, so each is trusted only while the ledger that listed it does
   * (a run removed and written anew has another ledger; see listed-cache.ts).
   */
  private readonly listed = new ListedCache(LISTED_CACHE);
  private closed = false;

  constructor(artifactsDir: string, options: FileStoreOptions = {}) {
    requireNonEmptyString('new FileStore', 'artifactsDir', artifactsDir);
    requirePlainObject('new FileStore', 'options', options);
    this.artifactsDir = artifactsDir;
    this.writer = new ArtifactWriter(artifactsDir, options);
    this.durable = (options as ArtifactWriterOptions).fsync ?? true;
    this.lockTimeoutMs = (options as ArtifactWriterOptions).lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  }

  async writeBatch(items: readonly StoreWrite[]): Promise<BatchResult> {
    const fn = 'FileStore.writeBatch';
    this.requireOpen(fn);
    const batch = prepareBatch(fn, items);
    try {
      await writePreparedBatch(this.writer, items, batch);
    } catch (err) {
      // The writer names itself; the caller called this store.
      if (err instanceof ArtifactConflictError) {
        const at = err.message.indexOf(CONFLICT_MARK);
        throw new ArtifactConflictError(fn, err.relPath, at < 0 ? err.message : err.message.slice(at + CONFLICT_MARK.length));
      }
      throw err;
    }
    const sorted = batch.records.map((p) => p.record).sort(compareRecordKeys);
    return new Map(sorted.map((r) => [r.path, r]));
  }

  async readRecord(runId: string, relPath: string): Promise<SealedRecord> {
    const fn = 'FileStore.readRecord';
    this.requireOpen(fn);
    requireRecordAddress(fn, runId, relPath);
    const tree = OpenTree.open(fn, this.artifactsDir, false, true);
    try {
      return await this.readListed(fn, tree, runId, relPath);
    } finally {
      tree?.close();
    }
  }

  /** `readRecord` through the open tree (null: the folder does not exist). */
  private async readListed(fn: string, tree: OpenTree | null, runId: string, relPath: string): Promise<SealedRecord> {
    let record = await this.listedRecord(fn, tree, runId, relPath);
    for (let attempt = 0; ; attempt++) {
      if (record === undefined) throw new ArtifactNotFoundError(fn, 'relPath', `${JSON.stringify(relPath)} is not listed in run ${JSON.stringify(runId)}`);
      const bytes = tree === null ? null : await readFileIn(fn, tree, relPath);
      try {
        if (bytes === null) {
          if ((await prunedInFolder(fn, this.artifactsDir, runId)).has(relPath)) {
            throw new ArtifactNotFoundError(fn, 'relPath', `${JSON.stringify(relPath)} was pruned from run ${JSON.stringify(runId)} (it stays listed, with its SHA-256)`);
          }
          throw new ArtifactCorruptError(fn, relPath, 'is listed, but its file is missing or not a regular file');
        }
        return checkSealedBytes(fn, record, bytes);
      } catch (err) {
        // A cached record can be stale only if the run was removed and rewritten since the ledger
        // was checked, a moment ago: look again once.
        if (attempt > 0 || !(err instanceof ArtifactCorruptError)) throw err;
        this.listed.forget(runId, relPath);
        const fresh = await this.listedRecord(fn, tree, runId, relPath);
        if (fresh !== undefined && fresh.sha256 === record.sha256 && fresh.bytes === record.bytes) throw err;
        record = fresh;
      }
    }
  }

  async listRecords(runId: string, order: RecordOrder = 'manifest'): Promise<readonly ManifestRecord[]> {
    const fn = 'FileStore.listRecords';
    this.requireOpen(fn);
    requireRunId(fn, 'runId', runId);
    if (!ORDERS.includes(order)) throw new ArtifactValidationError(fn, 'order', "must be 'manifest' or 'commit'", order);
    const manifest = await this.manifest(fn, runId);
    if (order === 'manifest') return manifest.records;
    // Commit order is the journal's; a run imported as a bare manifest has none, so it is manifest order.
    const tree = OpenTree.open(fn, this.artifactsDir, false, true);
    if (tree === null) return manifest.records;
    try {
      const ledger = await RunLedger.open(fn, tree, runId, true, false);
      if (ledger === null) return manifest.records;
      try {
        const entries = await withReaderLock(fn, ledger, async (locked) => {
          const state = locked ? await ledger.load(null) : null;
          return ledger.readEntries(state === null ? null : state.journalBytes);
        });
        return entries.length === 0 ? manifest.records : entries.map((e) => e.record);
      } finally {
        ledger.close();
      }
    } finally {
      tree.close();
    }
  }

  /**
   * The run's records in manifest order from one snapshot, streamed from the manifest file in
   * chunks (see manifest-stream.ts): memory holds a chunk and the ledger's last records, never the
   * manifest. A folder that cannot be locked (read-only) is read whole.
   */
  async *iterateRecords(runId: string, range?: RecordRange): AsyncGenerator<ManifestRecord, void, undefined> {
    const fn = 'FileStore.iterateRecords';
    this.requireOpen(fn);
    requireRecordRange(fn, runId, range);
    // Taken before the snapshot: a ledger replaced in between makes the records misses, never stale hits.
    const tree = OpenTree.open(fn, this.artifactsDir, false, true);
    let at: LedgerIdentity | null;
    try {
      at = tree === null ? null : await ledgerIdentity(fn, tree, runId);
    } finally {
      tree?.close();
    }
    for await (const r of streamManifest(fn, this.artifactsDir, runId, range)) {
      // A loop that reads each record it meets finds it here, without a lookup.
      this.listed.remember(runId, r, at);
      yield r;
    }
  }

  /**
   * The last matching record in manifest order: from the ledger state's tail (the manifest's last
   * records, no journal or manifest read) when it holds one, else from the manifest.
   */
  async latestRecord(runId: string, query: LatestRecordQuery): Promise<SealedRecord | null> {
    const fn = 'FileStore.latestRecord';
    this.requireOpen(fn);
    requireLatestQuery(fn, runId, query);
    const tail = await manifestTail(fn, this.artifactsDir, runId);
    let found = tail === null ? null : lastMatching(tail.records, query);
    if (found === null && tail?.whole !== true) found = lastMatching((await this.manifest(fn, runId)).records, query);
    if (found === null) return null;
    const bytes = await readListedFile(fn, this.artifactsDir, found.path);
    if (bytes === null) throw new ArtifactCorruptError(fn, found.path, 'is listed, but its file is missing or not a regular file');
    return checkSealedBytes(fn, found, bytes);
  }

  async readManifest(runId: string): Promise<RunManifest> {
    const fn = 'FileStore.readManifest';
    this.requireOpen(fn);
    requireRunId(fn, 'runId', runId);
    const manifest = await this.manifest(fn, runId);
    return runManifestOf(fn, runId, manifest.records);
  }

  async listRuns(): Promise<readonly string[]> {
    const fn = 'FileStore.listRuns';
    this.requireOpen(fn);
    let names: string[];
    try {
      names = await listFolder(fn, this.artifactsDir, MANIFESTS_DIR);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const runs = new Set<string>();
    for (const name of names) {
      const suffix = MANIFEST_SUFFIXES.find((s) => name.endsWith(s));
      if (suffix === undefined) continue;
      const runId = name.slice(0, -suffix.length);
      if (isValidRunId(runId)) runs.add(runId);
    }
    // Code-unit order is code-point order here: run ids are ASCII.
    return [...runs].sort();
  }

  async verifyRun(runId: string, options?: VerifyOptions): Promise<VerifyResult> {
    const fn = 'FileStore.verifyRun';
    this.requireOpen(fn);
    requireRunId(fn, 'runId', runId);
    return verifyRun(this.artifactsDir, runId, requireVerifyOptions(fn, options));
  }

  async pruneRecords(runId: string, relPaths: readonly string[]): Promise<PruneResult> {
    const fn = 'FileStore.pruneRecords';
    this.requireOpen(fn);
    requireRunId(fn, 'runId', runId);
    requirePaths(fn, runId, relPaths);
    return pruneInFolder(fn, this.artifactsDir, runId, relPaths, this.durable, this.lockTimeoutMs);
  }

  async prunedPaths(runId: string): Promise<ReadonlySet<string>> {
    const fn = 'FileStore.prunedPaths';
    this.requireOpen(fn);
    requireRunId(fn, 'runId', runId);
    return prunedInFolder(fn, this.artifactsDir, runId);
  }

  /** Refuses every later call and releases the folders and ledger files the store's writer keeps open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writer.close();
  }

  private requireOpen(fn: string): void {
    if (this.closed) throw new ArtifactValidationError(fn, 'store', 'is closed; open a new FileStore');
  }

  /**
   * The listed record at `relPath` (remembered while the ledger that listed it stands, or looked up
   * in the run's path index; from the manifest when the folder cannot be locked), or undefined.
   */
  private async listedRecord(fn: string, tree: OpenTree | null, runId: string, relPath: string): Promise<ManifestRecord | undefined> {
    // Taken before the lookup: a ledger replaced in between makes the record a miss next time, never a stale hit.
    const now = tree === null ? null : await ledgerIdentity(fn, tree, runId);
    const cached = this.listed.get(runId, relPath, now);
    if (cached !== undefined) return cached;
    const found = await lookupListed(fn, this.artifactsDir, runId, relPath);
    const record = found === null ? (await this.manifest(fn, runId)).records.find((r) => r.path === relPath) : found;
    if (record !== undefined) this.listed.remember(runId, record, now);
    return record;
  }

  /** The run's manifest; a missing run is named with this store's method. */
  private async manifest(fn: string, runId: string): Promise<Manifest> {
    try {
      return await readManifest(this.artifactsDir, runId);
    } catch (err) {
      if (err instanceof ArtifactNotFoundError) throw new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
      throw err;
    }
  }
}

/** `relPaths` as a non-empty array of record addresses of `runId`. */
function requirePaths(fn: string, runId: string, relPaths: unknown): asserts relPaths is readonly string[] {
  if (!Array.isArray(relPaths) || relPaths.length === 0) throw new ArtifactValidationError(fn, 'relPaths', 'must be a non-empty array of relative paths', relPaths);
  // Every index, holes included (forEach would skip a hole and let it through).
  for (let i = 0; i < relPaths.length; i++) requireRelPath(fn, `relPaths[${String(i)}]`, relPaths[i] as unknown, runId);
}

/** The bytes of a listed file, opened through the folder chain without following a link; null when absent. */
async function readListedFile(fn: string, artifactsDir: string, relPath: string): Promise<Buffer | null> {
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) return null;
  try {
    return await readFileIn(fn, tree, relPath);
  } finally {
    tree.close();
  }
}

/** `readListedFile` through an open tree. */
async function readFileIn(fn: string, tree: OpenTree, relPath: string): Promise<Buffer | null> {
  try {
    const place = await tree.parentOf(relPath, false);
    return place === null ? null : readOwn(fn, place.dir.at(place.name), relPath);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return null;
    throw err;
  }
}

/** The names in a folder of the store, opened without following a link; [] when it is absent. */
async function listFolder(fn: string, artifactsDir: string, relDir: string): Promise<string[]> {
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) return [];
  try {
    const dir = await tree.dir(relDir, false);
    return dir === null ? [] : await readdir(dir.self());
  } finally {
    tree.close();
  }
}

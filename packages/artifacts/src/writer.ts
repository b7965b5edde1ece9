/**
 * `ArtifactWriter`: writes JSON artifacts as canonical bytes, seals each with SHA-256 and lists it
 * in the run's manifest ledger, crash-safely and with O(1) amortised cost per write.
 *
 * One write, under the run's lock: validate everything (nothing is written on bad input); look the
 * path up in the ledger (identical record: return it; different: `ArtifactConflictError`); write
 * the bytes to `.<file>.pending` and fsync; append the record to the journal and fsync (the commit
 * point); rename the file into place and fsync its folder; update the derived manifest, index and
 * state. The promise resolves after all of it, so the manifest file is current. A batch
 * (`writeJsonMany`) does the same for several records of one run under one lock: every item checked
 * first, the pending files written and fsynced (one after another on the calling thread while the
 * batch is the process's only write in flight, in parallel on the thread pool otherwise), one
 * journal append for all of them.
 * From its second batch on, a writer keeps each run's folders and ledger files open between
 * batches (for the last few runs it wrote), checking before each batch that they are still the ones
 * their names name and that nobody else wrote since; `close` releases them.
 * Owns: the write protocol. Must not: format or parse ledger files (ledger/ does).
 */
import type { JsonValue } from '@abraxas/ers';
import { lstatSync, renameSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { sha256HexOf } from './digest.js';
import { createOwn, duringWrite, readOwn, unlinkQuiet } from './durable-fs.js';
import { ArtifactConflictError, ArtifactValidationError } from './errors.js';
import { withIoErrors } from './fs-errors.js';
import { pendingRelPath, toFsPath } from './layout.js';
import { RunLedger } from './ledger/run-ledger.js';
import type { LedgerState } from './ledger/state-file.js';
import { OpenTree, type OpenDir } from './open-tree.js';
import { makeManifestRecord, recordJson, type ArtifactRecord, type ManifestRecord } from './records.js';
import { acquireRunLock, DEFAULT_LOCK_TIMEOUT_MS } from './run-lock.js';
import { withRunMutex } from './run-mutex.js';
import type { PreparedBatch } from './store/prepare.js';
import {
  jsonBytesOf,
  requireExtra,
  requireKnownKeys,
  requireKind,
  requireFolderPath,
  requirePlainObject,
  requireRelPath,
  requireRunId,
  requireSchemaName,
  requireTick,
} from './validate.js';

/** Options of `new ArtifactWriter(artifactsDir, options)`. */
export interface ArtifactWriterOptions {
  /**
   * fsync artifact files, the journal and new folder entries before a write resolves (default
   * true). With false, writes survive a killed process but not a power loss.
   */
  readonly fsync?: boolean;
  /** How long a write waits for another live process holding the run's lock (default 10,000 ms). */
  readonly lockTimeoutMs?: number;
}

/** Arguments of `ArtifactWriter.writeJson`. */
export interface WriteJsonOptions {
  /** The run (see `RUN_ID_RULE`). */
  readonly runId: string;
  /** Tick number: a non-negative safe integer. */
  readonly tick: number;
  /** Artifact kind, e.g. `trendpack` (see `KIND_RULE`). */
  readonly kind: string;
  /** Schema name, e.g. `TrendPack.v0` (see `SCHEMA_RULE`). */
  readonly schema: string;
  /** The JSON value to write; stored as its canonical JSON bytes. */
  readonly obj: unknown;
  /** Where, relative to the artifacts folder, `/`-separated, inside a folder named after the run. */
  readonly relPath: string;
  /** Extra provenance for the manifest record (a plain JSON object; keys are sorted). */
  readonly extra?: { readonly [key: string]: JsonValue };
}

const WRITER_OPTION_KEYS = ['fsync', 'lockTimeoutMs'] as const satisfies readonly (keyof ArtifactWriterOptions)[];
const WRITE_OPTION_KEYS = ['runId', 'tick', 'kind', 'schema', 'obj', 'relPath', 'extra'] as const satisfies readonly (keyof WriteJsonOptions)[];

const FN = 'ArtifactWriter.writeJson';
const FN_MANY = 'ArtifactWriter.writeJsonMany';

/** The folder part of a relative path. */
const folderOf = (relPath: string): string => relPath.slice(0, relPath.lastIndexOf('/'));

/** The folders and ledger of one run, kept open between batches. */
interface KeptRun {
  readonly tree: OpenTree;
  readonly ledger: RunLedger;
}

/** How many runs a writer keeps open at once (the least recently written is closed first). */
const KEPT_RUNS = 4;

function closeKept(kept: KeptRun): void {
  kept.ledger.close();
  kept.tree.close();
}

/**
 * A writer dropped without `close()` releases what it kept open once it is collected. A writer is
 * registered only while it keeps something open: each registration holds a cell until the writer
 * is collected and the registry's clean-up task has run, which a loop of awaited one-batch writers
 * that never yields to the event loop would otherwise pile up, one per writer.
 */
const forgotten = new FinalizationRegistry<Map<string, KeptRun>>((kept) => {
  for (const k of kept.values()) closeKept(k);
  kept.clear();
});

/** Per writer: its entry for batches already prepared by `prepareBatch` (see `writePreparedBatch`). */
const preparedEntry = new WeakMap<ArtifactWriter, (items: readonly WriteJsonOptions[], batch: PreparedBatch) => Promise<ArtifactRecord[]>>();

/**
 * Writes `items`, already validated and prepared as `batch` by `prepareBatch`, exactly as
 * `writer.writeJsonMany(items)` would, without canonicalising and hashing them a second time.
 */
export function writePreparedBatch(writer: ArtifactWriter, items: readonly WriteJsonOptions[], batch: PreparedBatch): Promise<ArtifactRecord[]> {
  return (preparedEntry.get(writer) as (items: readonly WriteJsonOptions[], batch: PreparedBatch) => Promise<ArtifactRecord[]>)(items, batch);
}

/**
 * Writes sealed JSON artifacts under one artifacts folder. Keep one per folder for long runs, and
 * `close()` it when done: from its second batch on it keeps the folders and ledger files of the
 * runs it writes open between batches.
 */
export class ArtifactWriter {
  /** The artifacts folder, as given. */
  readonly artifactsDir: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  /** Per run: what this writer last left the ledger as (O(1) size each). */
  private readonly states = new Map<string, LedgerState>();
  /** Per run: its folders and ledger, kept open between batches (most recently written last). */
  private readonly kept = new Map<string, KeptRun>();
  /** Batches written so far (a writer keeps files open from its second one on). */
  private batches = 0;
  /** Bumped by `close()`: a batch that started before does not keep its files. */
  private epoch = 0;
  private readonly inflight = new Set<Promise<unknown>>();
  /** True while registered with `forgotten` (while it keeps runs open). */
  private registered = false;

  constructor(artifactsDir: string, options: ArtifactWriterOptions = {}) {
    requireFolderPath('new ArtifactWriter', 'artifactsDir', artifactsDir);
    requirePlainObject('new ArtifactWriter', 'options', options);
    requireKnownKeys('new ArtifactWriter', 'options', options, WRITER_OPTION_KEYS);
    if (options.fsync !== undefined && typeof options.fsync !== 'boolean') {
      throw new ArtifactValidationError('new ArtifactWriter', 'options.fsync', 'must be a boolean', options.fsync);
    }
    const timeout = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    if (typeof timeout !== 'number' || !Number.isSafeInteger(timeout) || timeout < 0) {
      throw new ArtifactValidationError('new ArtifactWriter', 'options.lockTimeoutMs', 'must be a non-negative safe integer', timeout);
    }
    this.artifactsDir = artifactsDir;
    this.durable = options.fsync ?? true;
    this.lockTimeoutMs = timeout;
    preparedEntry.set(this, (items, batch) => this.writePrepared(items, batch));
  }

  /**
   * Closes every folder and ledger file this writer keeps open, once the writes in progress have
   * settled. The writer stays usable: a later write opens what it needs again.
   */
  async close(): Promise<void> {
    this.epoch++;
    await Promise.allSettled([...this.inflight]);
    for (const k of this.kept.values()) closeKept(k);
    this.kept.clear();
    this.batches = 0;
    if (this.registered) forgotten.unregister(this);
    this.registered = false;
  }

  /**
   * Writes `obj` as canonical JSON at `relPath` and lists it in the run's manifest. Writing the same
   * record again (same bytes and metadata) returns the same record and adds nothing (restoring the
   * file if it went missing or was altered); anything else at a listed path is an
   * `ArtifactConflictError`. Resolves when the artifact, the journal and the manifest are current.
   */
  async writeJson(o: WriteJsonOptions): Promise<ArtifactRecord> {
    const prepared = this.prepare(FN, '', o);
    const key = `${resolve(this.artifactsDir)}\0${prepared.artifact.run_id}`;
    const [record] = await this.track(withIoErrors(FN, () => withRunMutex(key, () => this.commit(FN, [prepared]))));
    return record as ArtifactRecord;
  }

  /**
   * Writes several artifacts of one run as one batch, each exactly as `writeJson` would (same
   * records, same manifest), under one lock: their files are written and fsynced (in parallel only
   * while other writes are in flight in the process: see the package README), then ONE journal
   * append lists them all (the batch's commit point). Every item is validated and checked for
   * conflicts before anything is written: a bad or conflicting item refuses the whole
   * batch. Items already listed with the same record are idempotent, as in `writeJson`. Resolves,
   * with the records in the items' order, when every artifact, the journal and the manifest are current.
   */
  async writeJsonMany(items: readonly WriteJsonOptions[]): Promise<ArtifactRecord[]> {
    if (!Array.isArray(items) || items.length === 0) {
      throw new ArtifactValidationError(FN_MANY, 'items', 'must be a non-empty array of writeJson options', items);
    }
    // An index loop, not `map`: a hole in a sparse array is an item like any other (and refused).
    const prepared: Prepared[] = [];
    for (let i = 0; i < items.length; i++) prepared.push(this.prepare(FN_MANY, `items[${String(i)}].`, items[i] as WriteJsonOptions));
    const runId = (prepared[0] as Prepared).artifact.run_id;
    const seen = new Set<string>();
    prepared.forEach((p, i) => {
      if (p.artifact.run_id !== runId) {
        throw new ArtifactValidationError(FN_MANY, `items[${String(i)}].runId`, `must be the run of items[0] (${JSON.stringify(runId)}): a batch writes one run`, p.artifact.run_id);
      }
      if (seen.has(p.record.path)) {
        throw new ArtifactValidationError(FN_MANY, `items[${String(i)}].relPath`, 'must differ from the relPath of every earlier item of the batch', p.record.path);
      }
      seen.add(p.record.path);
    });
    const key = `${resolve(this.artifactsDir)}\0${runId}`;
    return this.track(withIoErrors(FN_MANY, () => withRunMutex(key, () => this.commit(FN_MANY, prepared))));
  }

  private writePrepared(items: readonly WriteJsonOptions[], batch: PreparedBatch): Promise<ArtifactRecord[]> {
    const prepared = batch.records.map((p, i): Prepared => {
      const o = items[i] as WriteJsonOptions;
      requireKnownKeys(FN_MANY, `items[${String(i)}]`, o, WRITE_OPTION_KEYS);
      return { bytes: p.bytes, record: p.record, json: p.recordJson, artifact: this.artifactOf(p.record, batch.runId) };
    });
    const key = `${resolve(this.artifactsDir)}\0${batch.runId}`;
    return this.track(withIoErrors(FN_MANY, () => withRunMutex(key, () => this.commit(FN_MANY, prepared))));
  }

  /** What a write returns for `record` of run `runId`. */
  private artifactOf(record: ManifestRecord, runId: string): ArtifactRecord {
    return {
      schema: record.schema,
      path: toFsPath(this.artifactsDir, record.path),
      rel_path: record.path,
      sha256: record.sha256,
      bytes: record.bytes,
      run_id: runId,
      tick: record.tick,
      kind: record.kind,
    };
  }

  /** Follows a write in progress, for `close`. */
  private track<T>(write: Promise<T>): Promise<T> {
    this.inflight.add(write);
    const settled = (): void => {
      this.inflight.delete(write);
    };
    write.then(settled, settled);
    return write;
  }

  private prepare(fn: string, at: string, o: WriteJsonOptions): Prepared {
    requirePlainObject(fn, at === '' ? 'options' : at.slice(0, -1), o);
    requireKnownKeys(fn, at === '' ? 'options' : at.slice(0, -1), o, WRITE_OPTION_KEYS);
    requireRunId(fn, `${at}runId`, o.runId);
    requireTick(fn, `${at}tick`, o.tick);
    requireKind(fn, `${at}kind`, o.kind);
    requireSchemaName(fn, `${at}schema`, o.schema);
    requireRelPath(fn, `${at}relPath`, o.relPath, o.runId);
    requireExtra(fn, `${at}extra`, o.extra);
    const bytes = jsonBytesOf(fn, `${at}obj`, o.obj);
    const sha256 = sha256HexOf(bytes);
    const record = makeManifestRecord({
      tick: o.tick,
      kind: o.kind,
      schema: o.schema,
      path: o.relPath,
      sha256,
      bytes: bytes.length,
      extra: o.extra,
    });
    return { bytes, record, json: recordJson(record), artifact: this.artifactOf(record, o.runId) };
  }

  /**
   * Commits prepared writes of one run (distinct paths) under one lock acquisition. Every listed
   * path and every unlisted file in the way is checked before anything is written. The folders are
   * opened without following links (see open-tree.ts); kept ones are used again only when each is
   * still the folder its name names, else they are all opened again. Runs under the run's mutex.
   */
  private commit(fn: string, items: readonly Prepared[]): Promise<ArtifactRecord[]> {
    return duringWrite(() => this.commitCounted(fn, items));
  }

  /** `commit`, counted as one of the process's writes in flight (which decides how it fsyncs). */
  private async commitCounted(fn: string, items: readonly Prepared[]): Promise<ArtifactRecord[]> {
    const runId = (items[0] as Prepared).artifact.run_id;
    const epoch = this.epoch;
    let kept = this.kept.get(runId) ?? null;
    this.kept.delete(runId); // this batch owns it until it is kept again
    if (kept !== null && !kept.tree.stillSame()) {
      closeKept(kept);
      kept = null;
    }
    const tree = kept?.tree ?? (OpenTree.open(fn, this.artifactsDir, true, this.durable) as OpenTree);
    let ledger: RunLedger | null = kept?.ledger ?? null;
    let keep = false;
    try {
      ledger ??= (await RunLedger.open(fn, tree, runId, this.durable, true)) as RunLedger;
      const release = await acquireRunLock(fn, ledger.lockFsPath, ledger.files.lock, this.lockTimeoutMs);
      try {
        const written = await this.commitLocked(fn, tree, ledger, runId, items);
        this.batches++;
        keep = epoch === this.epoch && this.batches >= 2;
        return written;
      } finally {
        release();
      }
    } finally {
      if (keep && ledger !== null) this.keepRun(runId, { tree, ledger });
      else {
        ledger?.close();
        tree.close();
      }
    }
  }

  /** Keeps a run's folders and ledger open, closing the least recently written run beyond `KEPT_RUNS`. */
  private keepRun(runId: string, run: KeptRun): void {
    if (!this.registered) forgotten.register(this, this.kept, this);
    this.registered = true;
    run.tree.keep();
    this.kept.set(runId, run);
    for (const [id, k] of this.kept) {
      if (this.kept.size <= KEPT_RUNS) break;
      this.kept.delete(id);
      closeKept(k);
    }
  }

  private async commitLocked(fn: string, tree: OpenTree, ledger: RunLedger, runId: string, items: readonly Prepared[]): Promise<ArtifactRecord[]> {
    const cached = this.states.get(runId) ?? null;
    this.states.delete(runId); // re-set only once the ledger is known to match it
    const state = await ledger.load(cached);

    // Checks, nothing written: listed (same record: idempotent; else conflict) or a file in the way.
    const sealed: Prepared[] = [];
    const adopted: Prepared[] = [];
    const fresh: Prepared[] = [];
    for (const p of items) {
      const relPath = p.record.path;
      const listed = ledger.lookup(state, relPath);
      if (listed !== null) {
        if (listed !== p.json) throw new ArtifactConflictError(fn, relPath, conflictDetail(JSON.parse(listed) as ManifestRecord, p.record));
        sealed.push(p);
      } else if (await this.unlistedFileMatches(fn, tree, relPath, p.bytes)) {
        adopted.push(p);
      } else {
        fresh.push(p);
      }
    }
    for (const p of sealed) await this.restoreSealedFile(fn, tree, p.record.path, p.bytes);
    if (adopted.length + fresh.length === 0) {
      this.states.set(runId, state);
      return items.map((p) => p.artifact);
    }

    const folders = new Map<string, OpenDir>();
    for (const p of fresh) {
      const folder = folderOf(p.record.path);
      if (!folders.has(folder)) folders.set(folder, (await tree.dir(folder, true, 'relPath')) as OpenDir);
    }
    const pendings = fresh.map((p) => {
      const dir = folders.get(folderOf(p.record.path)) as OpenDir;
      const name = p.record.path.slice(p.record.path.lastIndexOf('/') + 1);
      const pendingRel = pendingRelPath(p.record.path);
      return { p, dir, name, pending: pendingRel.slice(pendingRel.lastIndexOf('/') + 1) };
    });
    const progress = { committed: false };
    try {
      await Promise.all(pendings.map(({ p, dir, pending }) => createOwn(fn, dir, pending, p.bytes, this.durable)));
      // Adopted records first: recovery walks back from the journal's end over records whose
      // files are missing, so the ones to rename must come last, in the order they are renamed.
      const next = await ledger.appendMany(state, [...adopted, ...fresh], async () => {
        progress.committed = true;
        for (const { dir, name, pending } of pendings) renameSync(dir.at(pending), dir.at(name));
        if (this.durable) await Promise.all([...folders.values()].map((dir) => dir.fsync()));
      });
      this.states.set(runId, next);
    } catch (err) {
      if (!progress.committed) {
        for (const { dir, pending } of pendings) {
          try {
            unlinkQuiet(dir.at(pending));
          } catch {
            // best effort: a leftover pending file is ignored and replaced by the next write
          }
        }
      }
      throw err;
    }
    return items.map((p) => p.artifact);
  }

  /**
   * An unlisted file already at the path (left by someone else, or by a write whose record was
   * lost without fsync): adopted when its bytes are the ones being written, a conflict otherwise.
   * A link or anything but a regular file there is refused.
   */
  private async unlistedFileMatches(fn: string, tree: OpenTree, relPath: string, bytes: Uint8Array): Promise<boolean> {
    const place = await tree.parentOf(relPath, false, 'relPath');
    if (place === null) return false;
    const st = lstatOrNull(place.dir.at(place.name));
    if (st === null) return false;
    if (!st.isFile() || st.nlink > 1) {
      throw new ArtifactValidationError(fn, 'relPath', `must name a regular file; ${describeForeign(st)} is there (links inside the artifacts folder are never followed)`, relPath);
    }
    const existing = readOwn(fn, place.dir.at(place.name), relPath);
    if (existing === null) return false;
    if (existing.equals(bytes)) return true;
    throw new ArtifactConflictError(fn, relPath, 'an unlisted file with different bytes is already there; move it away first');
  }

  /**
   * After an idempotent write: puts the sealed bytes back if the file is missing or altered. A link
   * at a listed path is replaced by the sealed file (a rename replaces the link itself, never its
   * target); a folder there is refused.
   */
  private async restoreSealedFile(fn: string, tree: OpenTree, relPath: string, bytes: Uint8Array): Promise<void> {
    const place = (await tree.parentOf(relPath, true, 'relPath')) as { dir: OpenDir; name: string };
    const finalFs = place.dir.at(place.name);
    const st = lstatOrNull(finalFs);
    if (st?.isDirectory() === true) {
      throw new ArtifactValidationError(fn, 'relPath', 'must name a regular file; a folder is there', relPath);
    }
    if (st?.isFile() === true && st.nlink === 1 && readOwn(fn, finalFs, relPath)?.equals(bytes) === true) return;
    const pendingRel = pendingRelPath(relPath);
    const pending = pendingRel.slice(pendingRel.lastIndexOf('/') + 1);
    await createOwn(fn, place.dir, pending, bytes, this.durable);
    renameSync(place.dir.at(pending), finalFs);
    if (this.durable) await place.dir.fsync();
  }
}

/** lstat of `path`, null when nothing is there (answered without an exception: most lookups miss). */
function lstatOrNull(path: string): Stats | null {
  return lstatSync(path, { throwIfNoEntry: false }) ?? null;
}

/** What a foreign object at an artifact's path is, for messages. */
function describeForeign(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFile()) return `a file with ${String(st.nlink)} hard links`;
  return 'something other than a file';
}

interface Prepared {
  readonly bytes: Uint8Array;
  readonly record: ManifestRecord;
  readonly json: string;
  readonly artifact: ArtifactRecord;
}

/** Which listed fields a conflicting write would change. */
function conflictDetail(listed: ManifestRecord, wanted: ManifestRecord): string {
  const diffs: string[] = [];
  if (listed.sha256 !== wanted.sha256) {
    diffs.push(`it is sealed with sha256 ${listed.sha256} (${String(listed.bytes)} bytes) and this write has sha256 ${wanted.sha256} (${String(wanted.bytes)} bytes)`);
  }
  for (const field of ['tick', 'kind', 'schema'] as const) {
    if (listed[field] !== wanted[field]) diffs.push(`it is listed with ${field} ${JSON.stringify(listed[field])}, this write says ${JSON.stringify(wanted[field])}`);
  }
  if (diffs.length === 0) diffs.push('its extra provenance differs');
  return `${diffs.join('; ')}; nothing was changed`;
}

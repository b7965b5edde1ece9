/**
 * One run's ledger on disk, used while the run's lock is held:
 * - `manifests/<run>.manifest.log` — the journal, the durable truth: one canonical record per
 *   line in commit order, fsynced before a write resolves. Appending a line is the commit point.
 * - `manifests/<run>.manifest.json` — `Manifest.v0`, derived: patched at its tail with one
 *   positioned write when the new record sorts among the last few, rewritten atomically otherwise.
 * - `manifests/<run>.manifest.idx` — derived on-disk hash index from path to journal line.
 * - `manifests/<run>.manifest.state` — derived: sizes, record count, boot id and the last records
 *   of the manifest with their byte offsets, so a fresh writer appends without reading the ledger.
 * Derived files are trusted only when the journal, the manifest and the index are as the last
 * writer left them — sizes as the state says, none changed after the state was written (their
 * change times, which no one but the kernel sets, are not later than the state's, so an edit from
 * outside that keeps a file's size is noticed too; a long-lived writer also compares inodes) — and
 * the machine has not rebooted since; otherwise they are rebuilt from the journal, every line checked.
 * Every file is named through the open `manifests/` folder and opened without following links.
 * Owns: journal appends, the derived files and recovery. Must not: write artifact files (the
 * writer does, through `afterCommit`) or take the lock.
 */
import { sha256Hex } from '@abraxas/ers';
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, readSync, renameSync } from 'node:fs';
import { bootId, errnoCode, fdatasyncFd, fsyncFd, lstatOwn, openOwn, readOwn, replaceOwn, writeAllSync } from './durable-fs.js';
import { ArtifactCorruptError } from './errors.js';
import { pendingRelPath, runFiles, type RunFiles } from './layout.js';
import type { OpenDir, OpenTree } from './open-tree.js';
import { buildIndex, indexCoveredBy, PathIndex, type JournalLine } from './path-index.js';
import { MANIFESTS_DIR } from './validate.js';
import { checkManifest, parseJournalLine } from './record-check.js';
import {
  compareRecordKeys,
  MANIFEST_PREFIX,
  manifestSuffix,
  manifestText,
  recordJson,
  type ManifestRecord,
  type RecordKey,
} from './records.js';

/** How many of the manifest's last records the state keeps for in-place tail patches. */
export const TAIL_RECORDS = 32;

interface TailEntry {
  /** Byte offset of the record's text in the manifest file. */
  readonly offset: number;
  readonly json: string;
  readonly key: RecordKey;
}

/** What a writer knows about a run's ledger; consistent with the files while the lock is held. */
export interface LedgerState {
  readonly journalBytes: number;
  /** Size, inode and change time of the journal, the manifest and the index as last left. */
  readonly marks: string;
  readonly records: number;
  readonly manifestBytes: number;
  readonly tail: readonly TailEntry[];
}

const EMPTY: LedgerState = { journalBytes: 0, marks: '', records: 0, manifestBytes: 0, tail: [] };

/** A journal line with its record and place. */
export interface JournalEntry {
  readonly record: ManifestRecord;
  readonly json: string;
  readonly offset: number;
  readonly length: number;
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

function keyOf(r: RecordKey): RecordKey {
  return { tick: r.tick, kind: r.kind, schema: r.schema, path: r.path };
}

/** Splits journal bytes into complete lines; `complete` is the length up to the last newline. */
export function splitJournal(
  fn: string,
  file: string,
  buf: Buffer,
  runId: string,
): { entries: JournalEntry[]; complete: number } {
  const entries: JournalEntry[] = [];
  const paths = new Set<string>();
  let pos = 0;
  for (let n = 1; ; n++) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    const json = buf.toString('utf8', pos, nl);
    const record = parseJournalLine(json, runId);
    if (typeof record === 'string') throw new ArtifactCorruptError(fn, file, `line ${String(n)} ${record}`);
    if (paths.has(record.path)) throw new ArtifactCorruptError(fn, file, `line ${String(n)} lists ${JSON.stringify(record.path)} a second time`);
    paths.add(record.path);
    entries.push({ record, json, offset: pos, length: nl - pos });
    pos = nl + 1;
  }
  return { entries, complete: pos };
}

/** Sorted records' texts, the manifest text and the tail entries with byte offsets. */
function materialise(runId: string, entries: readonly { json: string; key: RecordKey }[]): { text: string; tail: TailEntry[] } {
  const sorted = [...entries].sort((a, b) => compareRecordKeys(a.key, b.key));
  const text = manifestText(
    runId,
    sorted.map((e) => e.json),
  );
  const tail: TailEntry[] = [];
  let offset = byteLength(MANIFEST_PREFIX);
  const firstTail = Math.max(0, sorted.length - TAIL_RECORDS);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as { json: string; key: RecordKey };
    if (i >= firstTail) tail.push({ offset, json: e.json, key: e.key });
    offset += byteLength(e.json) + 1;
  }
  return { text, tail };
}

interface StateFile {
  format: 1;
  run_id: string;
  boot: string;
  journal_bytes: number;
  records: number;
  manifest_bytes: number;
  tail: { offset: number; json: string }[];
}

type FileName = keyof RunFiles;

export class RunLedger {
  readonly files: RunFiles;
  private readonly suffix: string;
  private index: PathIndex | null = null;

  private constructor(
    private readonly fn: string,
    private readonly tree: OpenTree,
    private readonly dir: OpenDir,
    readonly runId: string,
    private readonly durable: boolean,
  ) {
    this.files = runFiles(runId);
    this.suffix = manifestSuffix(runId);
  }

  /**
   * The ledger of `runId` in the open tree; null when the `manifests/` folder does not exist and
   * `create` is false.
   */
  static async open(fn: string, tree: OpenTree, runId: string, durable: boolean, create: boolean): Promise<RunLedger | null> {
    const dir = await tree.dir(MANIFESTS_DIR, create);
    return dir === null ? null : new RunLedger(fn, tree, dir, runId, durable);
  }

  /** The name of one of the run's files inside the open `manifests/` folder. */
  private name(file: FileName): string {
    return this.files[file].slice(MANIFESTS_DIR.length + 1);
  }

  /** The lock's path, named through the open `manifests/` folder. */
  get lockFsPath(): string {
    return this.at('lock');
  }

  /** A path naming one of the run's files through the open `manifests/` folder. */
  at(file: FileName): string {
    return this.dir.at(this.name(file));
  }

  private read(file: FileName): Buffer | null {
    return readOwn(this.fn, this.at(file), this.files[file]);
  }

  private open(file: FileName, flags: number): number | null {
    return openOwn(this.fn, this.at(file), this.files[file], flags);
  }

  private async replace(file: FileName, data: Uint8Array | string, durable: boolean): Promise<void> {
    await replaceOwn(this.fn, this.dir, this.name(file), data, durable);
  }

  private stat(file: FileName): { size: number; mark: string } | null {
    const st = lstatOwn(this.fn, this.at(file), this.files[file]);
    return st === null ? null : { size: Number(st.size), mark: `${String(st.size)}:${String(st.ino)}:${String(st.ctimeNs)}` };
  }

  /** Journal bytes the index file says it covers, or null when it is missing or not an index. */
  private indexCovers(): number | null {
    const fd = this.open('index', constants.O_RDONLY);
    if (fd === null) return null;
    try {
      const b = Buffer.alloc(32);
      return indexCoveredBy(b.subarray(0, readSync(fd, b, 0, 32, 0)));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * True when neither the journal, nor the manifest, nor the index changed after the state file was
   * last written (the writer writes the state last): a change time later than the state's is an
   * edit nobody recorded, even one that kept the file's size.
   */
  private unchangedSinceState(): boolean {
    const state = lstatOwn(this.fn, this.at('state'), this.files.state);
    if (state === null) return false;
    for (const f of ['journal', 'manifest', 'index'] as const) {
      const st = lstatOwn(this.fn, this.at(f), this.files[f]);
      if (st === null || st.ctimeNs > state.ctimeNs) return false;
    }
    return true;
  }

  /** Size, inode and change time of the journal, the manifest and the index. */
  private marks(): string {
    return (['journal', 'manifest', 'index'] as const).map((f) => this.stat(f)?.mark ?? '-').join(' ');
  }

  /**
   * Refuses (before anything is written) a link or foreign file at any name the ledger may write:
   * its files and their temporary names. One planted later still fails the open that meets it.
   */
  private refuseForeign(): void {
    const names = [this.name('state'), ...(['manifest', 'index', 'journal'] as const).map((f) => `.${this.name(f)}.tmp`), `.${this.name('index')}.grow.tmp`];
    for (const name of names) lstatOwn(this.fn, this.dir.at(name), this.dir.relOf(name));
  }

  /** True when the run has a journal or a manifest. */
  exists(): boolean {
    return this.stat('journal') !== null || this.stat('manifest') !== null;
  }

  /**
   * A state consistent with the files: `cached` when the files are exactly as it left them, else
   * the state file when they are as it says and this is its boot, else a full recovery from the journal.
   */
  async load(cached: LedgerState | null): Promise<LedgerState> {
    this.refuseForeign();
    const journal = this.stat('journal');
    const manifest = this.stat('manifest');
    if (journal === null && manifest === null) return EMPTY;
    const marks = this.marks();
    if (cached !== null && cached.marks === marks) return cached;
    if (journal !== null && manifest !== null) {
      const st = this.readState();
      if (
        st !== null &&
        st.boot === bootId() &&
        st.journal_bytes === journal.size &&
        st.manifest_bytes === manifest.size &&
        this.indexCovers() === journal.size &&
        this.unchangedSinceState()
      ) {
        return {
          journalBytes: st.journal_bytes,
          marks,
          records: st.records,
          manifestBytes: st.manifest_bytes,
          tail: st.tail.map((t) => ({ offset: t.offset, json: t.json, key: keyOf(JSON.parse(t.json) as RecordKey) })),
        };
      }
    }
    return this.recover();
  }

  /**
   * The state file is `<sha256 of body> <body bytes>\n<body>`, written in place from offset 0
   * (no truncation, no rename: bytes after the body are left-overs of a longer earlier state). A
   * write torn by a crash fails the checksum and sends the next opener to recovery.
   */
  private readState(): StateFile | null {
    const raw = this.read('state');
    if (raw === null) return null;
    const nl = raw.indexOf(0x0a);
    const m = /^([0-9a-f]{64}) (\d+)$/.exec(raw.toString('latin1', 0, Math.max(nl, 0)));
    if (nl < 0 || m === null) return null;
    const body = raw.subarray(nl + 1, nl + 1 + Number(m[2]));
    if (body.length !== Number(m[2]) || sha256Hex(body) !== m[1]) return null;
    try {
      const v = JSON.parse(body.toString('utf8')) as Partial<StateFile>;
      if (v.format !== 1 || v.run_id !== this.runId || typeof v.boot !== 'string') return null;
      if (typeof v.journal_bytes !== 'number' || typeof v.records !== 'number' || typeof v.manifest_bytes !== 'number') return null;
      if (!Array.isArray(v.tail) || v.tail.length !== Math.min(v.records, TAIL_RECORDS)) return null;
      for (const t of v.tail) if (typeof t.offset !== 'number' || typeof t.json !== 'string') return null;
      return v as StateFile;
    } catch {
      return null;
    }
  }

  /** Writes the state of the files as they are now; returns it with their marks. */
  private writeState(state: Omit<LedgerState, 'marks'>): LedgerState {
    const file: StateFile = {
      format: 1,
      run_id: this.runId,
      boot: bootId(),
      journal_bytes: state.journalBytes,
      records: state.records,
      manifest_bytes: state.manifestBytes,
      tail: state.tail.map((t) => ({ offset: t.offset, json: t.json })),
    };
    const body = Buffer.from(JSON.stringify(file), 'utf8');
    const fd = this.open('state', constants.O_RDWR | constants.O_CREAT) as number;
    try {
      writeAllSync(fd, Buffer.concat([Buffer.from(`${sha256Hex(body)} ${String(body.length)}\n`, 'latin1'), body]), 0);
    } finally {
      closeSync(fd);
    }
    return { ...state, marks: this.marks() };
  }

  /**
   * Rebuilds every derived file from the journal: cuts a torn last line (a write or batch that
   * never resolved; a batch's complete lines before the tear stay, their pending files complete),
   * finishes the renames of the last committed write or batch if a crash interrupted them, then
   * rewrites the manifest, the index and the state. A run with a manifest but no journal (an
   * imported folder) gets its journal from the manifest first.
   */
  async recover(): Promise<LedgerState> {
    let buf = this.read('journal');
    if (buf === null || buf.length === 0) {
      const imported = await this.importManifest();
      if (imported !== null) buf = imported;
      else if (buf === null) return EMPTY;
    }
    const { entries, complete } = splitJournal(this.fn, this.files.journal, buf, this.runId);
    if (complete < buf.length) {
      const fd = this.open('journal', constants.O_RDWR) as number;
      try {
        ftruncateSync(fd, complete);
        if (this.durable) await fsyncFd(fd);
      } finally {
        closeSync(fd);
      }
    }
    // The last batch's renames may have been cut short. A batch renames its files in journal
    // order, after lines of files already in place (adopted), so walking back from the end, the
    // records whose files are missing reach back at most to the first file in place.
    for (let i = entries.length - 1; i >= 0; i--) {
      if (await this.rollForward((entries[i] as JournalEntry).record)) break;
    }
    const { text, tail } = materialise(
      this.runId,
      entries.map((e) => ({ json: e.json, key: keyOf(e.record) })),
    );
    await this.replace('manifest', text, false);
    this.close();
    await this.replace(
      'index',
      buildIndex(
        entries.map((e) => ({ path: e.record.path, line: { offset: e.offset, length: e.length } })),
        complete,
      ),
      false,
    );
    return this.writeState({ journalBytes: complete, records: entries.length, manifestBytes: byteLength(text), tail });
  }

  /** Journal text from an existing manifest with no journal, or null when there is none. */
  private async importManifest(): Promise<Buffer | null> {
    const raw = this.read('manifest');
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ArtifactCorruptError(this.fn, this.files.manifest, 'is not JSON and there is no journal to restore it from');
    }
    const manifest = checkManifest(value, this.runId);
    if (typeof manifest === 'string') {
      throw new ArtifactCorruptError(this.fn, this.files.manifest, `cannot be imported (there is no journal): it ${manifest}`);
    }
    const text = manifest.records.map((r) => `${recordJson(r)}\n`).join('');
    await this.replace('journal', text, this.durable);
    return Buffer.from(text, 'utf8');
  }

  /**
   * Completes the rename of a committed artifact still under its pending name. True when its file
   * was already in place (the walk back over the last batch stops there).
   */
  private async rollForward(record: ManifestRecord): Promise<boolean> {
    const place = await this.tree.parentOf(record.path, false);
    if (place === null) return false; // its folder is gone, and its pending file with it
    const finalFs = place.dir.at(place.name);
    try {
      lstatSync(finalFs);
      return true;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    const pendingRel = pendingRelPath(record.path);
    const pendingName = pendingRel.slice(pendingRel.lastIndexOf('/') + 1);
    const pending = readOwn(this.fn, place.dir.at(pendingName), pendingRel);
    if (pending === null || pending.length !== record.bytes || sha256Hex(pending) !== record.sha256) return false;
    renameSync(place.dir.at(pendingName), finalFs);
    if (this.durable) await place.dir.fsync();
    return false;
  }

  /** The index file, opened once per ledger use (closed by `close`). */
  private openIndex(): PathIndex {
    if (this.index !== null) return this.index;
    const index = PathIndex.open(this.fn, this.dir, this.name('index'));
    if (index === null) throw new ArtifactCorruptError(this.fn, this.files.index, 'is missing or malformed while the state says it is current');
    this.index = index;
    return index;
  }

  /** Closes the files this ledger holds open. */
  close(): void {
    this.index?.close();
    this.index = null;
  }

  /** The canonical text of the record listing `path`, or null when the path is not listed. */
  lookup(state: LedgerState, path: string): string | null {
    if (state.records === 0) return null;
    const index = this.openIndex();
    const journal: { fd: number | null } = { fd: null };
    try {
      let found: string | null = null;
      index.lookup(path, (line: JournalLine) => {
        journal.fd ??= this.open('journal', constants.O_RDONLY);
        if (journal.fd === null) throw new ArtifactCorruptError(this.fn, this.files.journal, 'is missing while the index lists it');
        const b = Buffer.alloc(line.length);
        readSync(journal.fd, b, 0, line.length, line.offset);
        const json = b.toString('utf8');
        try {
          if ((JSON.parse(json) as { path?: unknown }).path === path) {
            found = json;
            return true;
          }
        } catch {
          // a slot that does not point at a record line is not a match
        }
        return false;
      });
      return found;
    } finally {
      if (journal.fd !== null) closeSync(journal.fd);
    }
  }

  /**
   * Commits `record` (not yet listed): appends its line to the journal (fsynced: the commit point),
   * runs `afterCommit` (the writer renames the artifact into place), then updates the index, the
   * manifest and the state. Costs O(1) unless the record sorts before the manifest's last
   * `TAIL_RECORDS` records, which rewrites the manifest.
   */
  async append(state: LedgerState, record: ManifestRecord, json: string, afterCommit: () => Promise<void>): Promise<LedgerState> {
    return this.appendMany(state, [{ record, json }], afterCommit);
  }

  /**
   * Commits several records (none listed, paths distinct) as one batch: ONE journal append of all
   * their lines and one fdatasync (the batch's commit point), then `afterCommit`, then the index,
   * the manifest (one positioned write per record on one open file, or one rewrite) and the state.
   * A crash may tear the append; recovery cuts the torn line and keeps the complete ones before it.
   */
  async appendMany(
    state: LedgerState,
    items: readonly { readonly record: ManifestRecord; readonly json: string }[],
    afterCommit: () => Promise<void>,
  ): Promise<LedgerState> {
    if (items.length === 0) return state;
    const start = state.journalBytes;
    const lines: Buffer[] = [];
    const places: JournalLine[] = [];
    let at = start;
    for (const item of items) {
      const line = Buffer.from(`${item.json}\n`, 'utf8');
      lines.push(line);
      places.push({ offset: at, length: line.length - 1 });
      at += line.length;
    }
    const journalBytes = at;
    const journal = this.open('journal', constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT) as number;
    try {
      const st = fstatSync(journal);
      if (st.size !== start) {
        throw new ArtifactCorruptError(this.fn, this.files.journal, `changed size under the lock (expected ${String(start)} bytes, found ${String(st.size)})`);
      }
      writeAllSync(journal, lines.length === 1 ? (lines[0] as Buffer) : Buffer.concat(lines), null);
      if (this.durable) await fdatasyncFd(journal);
    } finally {
      closeSync(journal);
    }
    if (this.durable && start === 0) await this.dir.fsync();
    await afterCommit();

    let k = 0;
    if (state.records === 0) {
      this.close();
      const first = items[0] as { readonly record: ManifestRecord };
      await this.replace('index', buildIndex([{ path: first.record.path, line: places[0] as JournalLine }], start + (lines[0] as Buffer).length), false);
      k = 1;
    }
    for (; k < items.length; k++) {
      const covered = (places[k] as JournalLine).offset + (lines[k] as Buffer).length;
      await this.openIndex().insert((items[k] as { readonly record: ManifestRecord }).record.path, places[k] as JournalLine, covered);
    }

    let manifestBytes = state.manifestBytes;
    let tail: readonly TailEntry[] = state.tail;
    let records = state.records;
    const patches: { position: number; text: string }[] = [];
    let rewrite = false;
    for (const item of items) {
      const patch = this.planPatch({ ...state, records, manifestBytes, tail }, keyOf(item.record), item.json);
      if (patch === null) {
        rewrite = true;
        break;
      }
      patches.push({ position: patch.position, text: patch.text });
      manifestBytes = patch.position + byteLength(patch.text);
      tail = patch.tail;
      records++;
    }
    if (!rewrite) {
      const fd = this.open('manifest', constants.O_RDWR);
      if (fd === null) throw new ArtifactCorruptError(this.fn, this.files.manifest, 'went missing under the lock');
      try {
        for (const p of patches) writeAllSync(fd, Buffer.from(p.text, 'utf8'), p.position);
      } finally {
        closeSync(fd);
      }
    } else {
      const all = this.read('journal');
      const { entries } = splitJournal(this.fn, this.files.journal, (all ?? Buffer.alloc(0)).subarray(0, journalBytes), this.runId);
      const m = materialise(
        this.runId,
        entries.map((e) => ({ json: e.json, key: keyOf(e.record) })),
      );
      await this.replace('manifest', m.text, false);
      manifestBytes = byteLength(m.text);
      tail = m.tail;
    }
    return this.writeState({ journalBytes, records: state.records + items.length, manifestBytes, tail });
  }

  /**
   * The one positioned write that inserts `json` into the manifest, when the record sorts after
   * the first of the remembered last records (or the whole manifest is remembered); else null.
   */
  private planPatch(state: LedgerState, key: RecordKey, json: string): { position: number; text: string; tail: TailEntry[] } | null {
    const tail = state.tail;
    if (state.records === 0 || tail.length === 0) return null;
    let i = tail.length;
    while (i > 0 && compareRecordKeys(key, (tail[i - 1] as TailEntry).key) < 0) i--;
    if (i === 0 && tail.length < state.records) return null;
    let position: number;
    let text: string;
    let next: TailEntry[];
    if (i === tail.length) {
      position = state.manifestBytes - byteLength(this.suffix);
      text = `,${json}${this.suffix}`;
      next = [...tail, { offset: position + 1, json, key }];
    } else {
      const rest = tail.slice(i);
      const shift = byteLength(json) + 1;
      position = (tail[i] as TailEntry).offset;
      text = `${json},${rest.map((e) => e.json).join(',')}${this.suffix}`;
      next = [...tail.slice(0, i), { offset: position, json, key }, ...rest.map((e) => ({ ...e, offset: e.offset + shift }))];
    }
    return { position, text, tail: next.slice(Math.max(0, next.length - TAIL_RECORDS)) };
  }

  /** The journal's complete entries in its first `to` bytes (all of it when `to` is null). */
  readEntries(to: number | null): JournalEntry[] {
    const buf = this.read('journal');
    if (buf === null) return [];
    const slice = to === null ? buf : buf.subarray(0, to);
    return splitJournal(this.fn, this.files.journal, slice, this.runId).entries;
  }

  /** The manifest file's bytes, or null. */
  readManifestBytes(): Buffer | null {
    return this.read('manifest');
  }
}

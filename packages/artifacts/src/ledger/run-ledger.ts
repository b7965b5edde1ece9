/**
 * `RunLedger`: one run's ledger on disk, used while the run's lock is held — the journal (the
 * truth, journal.ts), and the files derived from it: the manifest (manifest-tail.ts), the path
 * index (../path-index.ts) and the state (state-file.ts). Derived files are trusted only when the
 * journal, the manifest and the index are as the last writer left them — sizes as the state says,
 * the index holding as many paths as the state counts records, the manifest's last bytes the
 * records the state remembers at the offsets it gives them, none changed after the state was written (their change times, which no one but the kernel sets,
 * are not later than the state's, so an edit from outside that keeps a file's size is noticed too;
 * a long-lived writer also compares inodes) — and the machine has not rebooted since; otherwise
 * they are rebuilt from the journal (recovery.ts). A ledger kept open between batches (by a
 * long-lived writer) holds its journal, manifest, index and state files open, and trusts them only
 * while the files are exactly as it left them (same marks, same state file): anything else closes
 * them and loads again. See ARCHITECTURE.md, "The file store's ledger".
 * Owns: loading a consistent state, lookups and appends. Must not: write artifact files (the
 * writer does, through `afterCommit`) or take the lock.
 */
import { closeSync, constants, fstatSync, readSync, type BigIntStats } from 'node:fs';
import { bootId, fdatasyncFd, readToEnd, writeAllSync } from '../durable-fs.js';
import { ArtifactCorruptError } from '../errors.js';
import type { RunFiles } from '../layout.js';
import type { OpenTree } from '../open-tree.js';
import { buildIndex, indexHeadOf, PathIndex, type JournalLine } from '../path-index.js';
import { manifestSuffix, type ManifestRecord } from '../records.js';
import { MANIFESTS_DIR } from '../validate.js';
import { splitJournal, type JournalEntry } from './journal.js';
import { LedgerFiles, MARKED, markOf } from './ledger-files.js';
import { byteLength, keyOf, materialise, mergePatches, planPatch, rememberedRegion, type ManifestPatch, type TailEntry } from './manifest-tail.js';
import { recoverLedger } from './recovery.js';
import { decodeState, EMPTY_STATE, encodeState, type LedgerState } from './state-file.js';

/** How a batch's records join the manifest: one merged patch, or (null) a rewrite; and the manifest after it. */
interface ManifestPlan {
  readonly patches: ManifestPatch[] | null;
  readonly manifestBytes: number;
  readonly tail: readonly TailEntry[];
}

export class RunLedger {
  private readonly suffix: string;
  private readonly io: LedgerFiles;
  private index: PathIndex | null = null;
  /** The files held open between uses (see `close`), each opened on first use. */
  private journalFd: number | null = null;
  private manifestFd: number | null = null;
  private stateFd: number | null = null;
  /** The marks of the files as this ledger last left them, while it holds them open. */
  private heldMarks: string | null = null;
  /** The state file's inode as this ledger opened it. */
  private stateIno: bigint | null = null;

  private constructor(
    private readonly fn: string,
    private readonly tree: OpenTree,
    io: LedgerFiles,
    private readonly durable: boolean,
    /** A writer's ledger (opened with `create`): it reads the state and the index through descriptors it keeps for writing. */
    private readonly writable: boolean,
  ) {
    this.io = io;
    this.suffix = manifestSuffix(io.runId);
  }

  /**
   * The ledger of `runId` in the open tree; null when the `manifests/` folder does not exist and
   * `create` is false.
   */
  static async open(fn: string, tree: OpenTree, runId: string, durable: boolean, create: boolean): Promise<RunLedger | null> {
    const dir = await tree.dir(MANIFESTS_DIR, create);
    return dir === null ? null : new RunLedger(fn, tree, new LedgerFiles(fn, dir, runId), durable, create);
  }

  /** The run. */
  get runId(): string {
    return this.io.runId;
  }

  /** The run's files, relative to the artifacts folder. */
  get files(): RunFiles {
    return this.io.files;
  }

  /** The lock's path, named through the open `manifests/` folder. */
  get lockFsPath(): string {
    return this.io.at('lock');
  }

  /**
   * Journal bytes the index file says it covers and the paths it holds, or null when it is missing
   * or not an index. A writer opens the index for writing here and keeps it for the lookups and
   * inserts that follow.
   */
  private indexHead(): { covered: number; count: number } | null {
    if (this.writable) {
      this.index ??= PathIndex.open(this.fn, this.io.dir, this.io.name('index'));
      return this.index === null ? null : { covered: this.index.covered, count: this.index.entries };
    }
    const fd = this.io.open('index', constants.O_RDONLY);
    if (fd === null) return null;
    try {
      const b = Buffer.alloc(32);
      return indexHeadOf(b.subarray(0, readSync(fd, b, 0, 32, 0)));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * True when the manifest file holds the records `state` remembers, at the offsets it gives them,
   * then the run's suffix (`rememberedRegion`: one positioned read of at most a few KB). A writer
   * keeps the manifest open for the patch that follows.
   */
  private remembersManifest(state: Omit<LedgerState, 'marks'>): boolean {
    const region = rememberedRegion(state, this.suffix);
    if (region === null) return false;
    const fd = this.writable ? (this.manifestFd ??= this.io.open('manifest', constants.O_RDWR)) : this.io.open('manifest', constants.O_RDONLY);
    if (fd === null) return false;
    try {
      const want = Buffer.from(region.text, 'utf8');
      const got = Buffer.alloc(want.length);
      return readSync(fd, got, 0, want.length, region.position) === want.length && got.equals(want);
    } finally {
      if (!this.writable) closeSync(fd);
    }
  }

  /**
   * The state file's bytes, or null. A writer opens it for writing here and keeps the descriptor
   * for `writeState` (one open per batch at most, and none while it is held).
   */
  private readState(): Buffer | null {
    if (!this.writable) return this.io.read('state');
    if (this.stateFd === null) {
      const opened = this.io.openStat('state', constants.O_RDWR);
      if (opened === null) return null;
      this.stateFd = opened.fd;
      this.stateIno = opened.st.ino;
      return readToEnd(opened.fd, Number(opened.st.size), false);
    }
    return readToEnd(this.stateFd, Number(fstatSync(this.stateFd, { bigint: true }).size), false);
  }

  /**
   * True when neither the journal, nor the manifest, nor the index changed after the state file was
   * last written (the writer writes the state last): a change time later than the state's is an
   * edit nobody recorded, even one that kept the file's size. Takes the lstats `load` made under the lock.
   */
  private static unchangedSince(state: BigIntStats | null, files: readonly (BigIntStats | null)[]): boolean {
    if (state === null) return false;
    for (const st of files) if (st === null || st.ctimeNs > state.ctimeNs) return false;
    return true;
  }

  /** True when the index covers the journal's `journalBytes` and holds as many paths as the state counts records. */
  private static indexMatches(head: { covered: number; count: number } | null, journalBytes: number, records: number): boolean {
    return head !== null && head.covered === journalBytes && head.count === records;
  }

  /** True when the run has a journal or a manifest. */
  exists(): boolean {
    return this.io.stat('journal') !== null || this.io.stat('manifest') !== null;
  }

  /**
   * A state consistent with the files: `cached` when the files are exactly as it left them, else
   * the state file when they are as it says and this is its boot, else a full recovery from the journal.
   */
  async load(cached: LedgerState | null): Promise<LedgerState> {
    const stateSt = this.io.refuseForeign();
    const marked = MARKED.map((f) => this.io.lstat(f));
    const [journalSt, manifestSt] = marked as [BigIntStats | null, BigIntStats | null, BigIntStats | null];
    const marks = marked.map((st) => (st === null ? '-' : markOf(st))).join(' ');
    // Files held open are trusted only when nobody else touched the ledger since this one did.
    if (this.heldMarks !== marks || (this.stateFd !== null && this.stateIno !== (stateSt?.ino ?? null))) this.close();
    const journal = journalSt === null ? null : { size: Number(journalSt.size) };
    const manifest = manifestSt === null ? null : { size: Number(manifestSt.size) };
    if (journal === null && manifest === null) return EMPTY_STATE;
    if (cached !== null && cached.marks === marks) {
      this.heldMarks = marks;
      return cached;
    }
    if (journal !== null && manifest !== null) {
      const raw = this.readState();
      const st = raw === null ? null : decodeState(raw, this.runId);
      if (
        st !== null &&
        st.boot === bootId() &&
        st.state.journalBytes === journal.size &&
        st.state.manifestBytes === manifest.size &&
        RunLedger.indexMatches(this.indexHead(), journal.size, st.state.records) &&
        RunLedger.unchangedSince(stateSt, marked) &&
        this.remembersManifest(st.state)
      ) {
        return { ...st.state, marks };
      }
    }
    return this.recover();
  }

  /** Writes the state of the files as they are now; returns it with their marks. */
  private writeState(state: Omit<LedgerState, 'marks'>): LedgerState {
    if (this.stateFd === null) {
      const opened = this.io.openStat('state', constants.O_RDWR | constants.O_CREAT) as { fd: number; st: BigIntStats };
      this.stateFd = opened.fd;
      this.stateIno = opened.st.ino;
    }
    writeAllSync(this.stateFd, encodeState(this.runId, bootId(), state), 0);
    const marks = this.heldFileMarks();
    this.heldMarks = marks;
    return { ...state, marks };
  }

  /**
   * The marks of the journal, the manifest and the index, from the files this ledger holds open
   * (they are the named ones: the lock is held, and `load` compares the names' marks next time),
   * naming the others again.
   */
  private heldFileMarks(): string {
    const journal = this.journalFd === null ? this.io.lstat('journal') : fstatSync(this.journalFd, { bigint: true });
    const manifest = this.manifestFd === null ? this.io.lstat('manifest') : fstatSync(this.manifestFd, { bigint: true });
    const index = this.index === null ? this.io.lstat('index') : this.index.stat();
    return [journal, manifest, index].map((st) => (st === null ? '-' : markOf(st))).join(' ');
  }

  /** Rebuilds every derived file from the journal (see recovery.ts), then the state. */
  async recover(): Promise<LedgerState> {
    this.close();
    const state = await recoverLedger(this.io, this.tree, this.durable);
    return state === EMPTY_STATE ? EMPTY_STATE : this.writeState(state);
  }

  /** The index file, opened once per ledger use (closed by `close`). */
  private openIndex(): PathIndex {
    if (this.index !== null) return this.index;
    const index = PathIndex.open(this.fn, this.io.dir, this.io.name('index'));
    if (index === null) throw new ArtifactCorruptError(this.fn, this.files.index, 'is missing or malformed while the state says it is current');
    this.index = index;
    return index;
  }

  /** The journal, held open for appends and reads; null when it does not exist and `create` is false. */
  private journal(create: boolean): number | null {
    this.journalFd ??= this.io.open('journal', constants.O_RDWR | constants.O_APPEND | (create ? constants.O_CREAT : 0));
    return this.journalFd;
  }

  /** Closes the files this ledger holds open (they are opened again on next use). */
  close(): void {
    this.index?.close();
    this.index = null;
    for (const fd of [this.journalFd, this.manifestFd, this.stateFd]) if (fd !== null) closeSync(fd);
    this.journalFd = null;
    this.manifestFd = null;
    this.stateFd = null;
    this.stateIno = null;
    this.heldMarks = null;
  }

  /** Closes the manifest file held open (before it is replaced). */
  private closeManifest(): void {
    if (this.manifestFd !== null) closeSync(this.manifestFd);
    this.manifestFd = null;
  }

  /** The canonical text of the record listing `path`, or null when the path is not listed. */
  lookup(state: LedgerState, path: string): string | null {
    if (state.records === 0) return null;
    const index = this.openIndex();
    {
      let found: string | null = null;
      index.lookup(path, (line: JournalLine) => {
        const fd = this.journal(false);
        if (fd === null) throw new ArtifactCorruptError(this.fn, this.files.journal, 'is missing while the index lists it');
        const b = Buffer.alloc(line.length);
        readSync(fd, b, 0, line.length, line.offset);
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
    }
  }

  /**
   * Commits several records (none listed, paths distinct) as one batch: ONE journal append of all
   * their lines and one fdatasync (the batch's commit point), then `afterCommit` (the writer
   * renames the artifacts into place), then the index (its slots, then one header write), the
   * manifest (the records' tail patches merged into one positioned write on one open file, or one
   * rewrite when a record sorts before the manifest's last `TAIL_RECORDS`) and the state. A crash may tear the append; recovery cuts the torn line and
   * keeps the complete ones before it.
   */
  async appendMany(
    state: LedgerState,
    items: readonly { readonly record: ManifestRecord; readonly json: string }[],
    afterCommit: () => Promise<void>,
  ): Promise<LedgerState> {
    if (items.length === 0) return state;
    // Planned before the journal append (only the pending files are written by then). A state whose
    // tail holds no sort key (its checksum holds and the manifest agrees, so both were written so
    // from outside) is not trusted: the ledger is recovered from the journal.
    let plan: ManifestPlan;
    try {
      plan = this.planManifest(state, items);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      state = await this.recover();
      plan = this.planManifest(state, items);
    }
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
    const journal = this.journal(true) as number;
    const st = fstatSync(journal);
    if (st.size !== start) {
      throw new ArtifactCorruptError(this.fn, this.files.journal, `changed size under the lock (expected ${String(start)} bytes, found ${String(st.size)})`);
    }
    writeAllSync(journal, lines.length === 1 ? (lines[0] as Buffer) : Buffer.concat(lines), null);
    if (this.durable) await fdatasyncFd(journal);
    if (this.durable && start === 0) await this.io.dir.fsync();
    await afterCommit();

    let k = 0;
    if (state.records === 0) {
      this.index?.close();
      this.index = null;
      const first = items[0] as { readonly record: ManifestRecord };
      await this.io.replace('index', buildIndex([{ path: first.record.path, line: places[0] as JournalLine }], start + (lines[0] as Buffer).length), false);
      k = 1;
    }
    if (k < items.length) {
      const rest = items.slice(k).map((item, i) => ({ path: item.record.path, line: places[k + i] as JournalLine }));
      await this.openIndex().insertMany(rest, journalBytes);
    }

    let { manifestBytes, tail } = plan;
    if (plan.patches !== null) {
      this.manifestFd ??= this.io.open('manifest', constants.O_RDWR);
      const fd = this.manifestFd;
      if (fd === null) throw new ArtifactCorruptError(this.fn, this.files.manifest, 'went missing under the lock');
      const merged = mergePatches(plan.patches);
      if (merged !== null) writeAllSync(fd, merged.bytes, merged.position);
    } else {
      this.closeManifest();
      const all = this.io.read('journal');
      const { entries } = splitJournal(this.fn, this.files.journal, (all ?? Buffer.alloc(0)).subarray(0, journalBytes), this.runId);
      const m = materialise(
        this.runId,
        entries.map((e) => ({ json: e.json, key: keyOf(e.record) })),
      );
      await this.io.replace('manifest', m.text, false);
      manifestBytes = byteLength(m.text);
      tail = m.tail;
    }
    return this.writeState({ journalBytes, records: state.records + items.length, manifestBytes, tail });
  }

  /**
   * The manifest patches that list `items` after `state` (null when a record sorts before the
   * remembered tail: the manifest is rewritten), with the manifest's size and tail after them.
   */
  private planManifest(
    state: LedgerState,
    items: readonly { readonly record: ManifestRecord; readonly json: string }[],
  ): ManifestPlan {
    let manifestBytes = state.manifestBytes;
    let tail: readonly TailEntry[] = state.tail;
    let records = state.records;
    const patches: ManifestPatch[] = [];
    for (const item of items) {
      const patch = planPatch({ records, manifestBytes, tail }, this.suffix, keyOf(item.record), item.json);
      if (patch === null) return { patches: null, manifestBytes, tail };
      patches.push({ position: patch.position, text: patch.text });
      manifestBytes = patch.position + byteLength(patch.text);
      tail = patch.tail;
      records++;
    }
    return { patches, manifestBytes, tail };
  }

  /** The journal's complete entries in its first `to` bytes (all of it when `to` is null). */
  readEntries(to: number | null): JournalEntry[] {
    const buf = this.io.read('journal');
    if (buf === null) return [];
    const slice = to === null ? buf : buf.subarray(0, to);
    return splitJournal(this.fn, this.files.journal, slice, this.runId).entries;
  }

  /** The manifest file's bytes, or null. */
  readManifestBytes(): Buffer | null {
    return this.io.read('manifest');
  }
}

/**
 * An on-disk hash table from artifact path to the journal line that lists it, so a writer (even a
 * fresh one per call) finds out whether a path is already sealed in O(1) without reading the
 * ledger. It is a derived cache: rebuilt from the journal whenever it might be stale.
 *
 * Layout (little-endian): a 32-byte header — magic `ABXIDX1\n`, capacity (u32, a power of two),
 * count (u32), journal bytes covered (f64), 8 reserved bytes — then `capacity` 16-byte slots of
 * hash (u32: the first four bytes of SHA-256 of the path), line length (u32, 0 = empty) and line
 * offset (f64). Linear probing, load factor at most one half, doubling when full.
 * Owns: the index file format, lookups and inserts. Must not: decide what is sealed (the journal does).
 */
import { closeSync, constants, fstatSync, readSync, renameSync, type BigIntStats } from 'node:fs';
import { sha256Of } from './digest.js';
import { createOwn, openOwn, openOwnStat, writeAllSync } from './durable-fs.js';
import { ArtifactCorruptError } from './errors.js';
import type { OpenDir } from './open-tree.js';

const MAGIC = Buffer.from('ABXIDX1\n', 'latin1');
const HEADER = 32;
const SLOT = 16;
const MIN_CAPACITY = 64;
const PROBE_CHUNK = 16;

/** Where one record's line sits in the journal. */
export interface JournalLine {
  readonly offset: number;
  readonly length: number;
}

export function pathHash(path: string): number {
  return sha256Of(path).readUInt32LE(0);
}

function capacityFor(count: number): number {
  let cap = MIN_CAPACITY;
  while (cap < count * 2 + 2) cap *= 2;
  return cap;
}

function header(capacity: number, count: number, covered: number): Buffer {
  const b = Buffer.alloc(HEADER);
  MAGIC.copy(b, 0);
  b.writeUInt32LE(capacity, 8);
  b.writeUInt32LE(count, 12);
  b.writeDoubleLE(covered, 16);
  return b;
}

function placeInTable(table: Buffer, capacity: number, hash: number, line: JournalLine): void {
  let i = hash & (capacity - 1);
  while (table.readUInt32LE(HEADER + i * SLOT + 4) !== 0) i = (i + 1) & (capacity - 1);
  const at = HEADER + i * SLOT;
  table.writeUInt32LE(hash, at);
  table.writeUInt32LE(line.length, at + 4);
  table.writeDoubleLE(line.offset, at + 8);
}

/** Builds a whole index file for `entries` covering `covered` journal bytes. */
export function buildIndex(entries: readonly { path: string; line: JournalLine }[], covered: number): Buffer {
  const capacity = capacityFor(entries.length);
  const table = Buffer.alloc(HEADER + capacity * SLOT);
  header(capacity, entries.length, covered).copy(table, 0);
  for (const e of entries) placeInTable(table, capacity, pathHash(e.path), e.line);
  return table;
}

/** Journal bytes covered by, and paths held in, the index whose first bytes are `head`; null when it is not an index. */
export function indexHeadOf(head: Buffer): { covered: number; count: number } | null {
  if (head.length < HEADER || !head.subarray(0, 8).equals(MAGIC)) return null;
  return { covered: head.readDoubleLE(16), count: head.readUInt32LE(12) };
}

/** An open index file. */
export class PathIndex {
  private constructor(
    private fd: number,
    private readonly fn: string,
    private readonly dir: OpenDir,
    private readonly name: string,
    private capacity: number,
    private count: number,
    private coveredBytes: number,
  ) {}

  /**
   * Opens the index `name` in the open folder `dir` (never through a link); returns null if it is
   * missing or malformed.
   */
  static open(fn: string, dir: OpenDir, name: string): PathIndex | null {
    const opened = openOwnStat(fn, dir.at(name), dir.relOf(name), constants.O_RDWR);
    if (opened === null) return null;
    const { fd, st } = opened;
    const b = Buffer.alloc(HEADER);
    const bytesRead = readSync(fd, b, 0, HEADER, 0);
    const capacity = b.readUInt32LE(8);
    if (bytesRead < HEADER || !b.subarray(0, 8).equals(MAGIC) || capacity < MIN_CAPACITY || (capacity & (capacity - 1)) !== 0 || Number(st.size) !== HEADER + capacity * SLOT) {
      closeSync(fd);
      return null;
    }
    return new PathIndex(fd, fn, dir, name, capacity, b.readUInt32LE(12), b.readDoubleLE(16));
  }

  /** Journal bytes this index covers (as its header says, once `insertMany` has written it). */
  get covered(): number {
    return this.coveredBytes;
  }

  /** Paths this index holds (as its header says). */
  get entries(): number {
    return this.count;
  }

  /**
   * The journal line listing `path`, found by probing slots whose hash matches and asking
   * `lineListsPath` to confirm against the journal (hashes may collide).
   */
  lookup(path: string, lineListsPath: (line: JournalLine) => boolean): JournalLine | null {
    const hash = pathHash(path);
    let i = hash & (this.capacity - 1);
    const buf = Buffer.alloc(PROBE_CHUNK * SLOT);
    for (let seen = 0; seen < this.capacity; ) {
      const n = Math.min(PROBE_CHUNK, this.capacity - i);
      readSync(this.fd, buf, 0, n * SLOT, HEADER + i * SLOT);
      for (let k = 0; k < n; k++, seen++) {
        const length = buf.readUInt32LE(k * SLOT + 4);
        if (length === 0) return null;
        if (buf.readUInt32LE(k * SLOT) === hash) {
          const line = { offset: buf.readDoubleLE(k * SLOT + 8), length };
          if (lineListsPath(line)) return line;
        }
      }
      i = (i + n) & (this.capacity - 1);
    }
    return null;
  }

  /**
   * Adds `entries` (none present, paths distinct), then records in ONE header write that the index
   * now covers `covered` journal bytes. A crash before that write leaves the old header, which
   * covers fewer bytes than the journal holds: the next opener rebuilds the index.
   */
  async insertMany(entries: readonly { readonly path: string; readonly line: JournalLine }[], covered: number): Promise<void> {
    const slot = Buffer.alloc(SLOT);
    const probe = Buffer.alloc(PROBE_CHUNK * SLOT);
    for (const { path, line } of entries) {
      if ((this.count + 1) * 2 > this.capacity) await this.grow();
      const hash = pathHash(path);
      const i = this.firstEmptySlot(hash & (this.capacity - 1), probe);
      slot.writeUInt32LE(hash, 0);
      slot.writeUInt32LE(line.length, 4);
      slot.writeDoubleLE(line.offset, 8);
      writeAllSync(this.fd, slot, HEADER + i * SLOT);
      this.count++;
    }
    writeAllSync(this.fd, header(this.capacity, this.count, covered), 0);
    this.coveredBytes = covered;
  }

  /** The first empty slot from slot `i` on (the table is at most half full), read `PROBE_CHUNK` slots at a time. */
  private firstEmptySlot(i: number, probe: Buffer): number {
    for (;;) {
      const n = Math.min(PROBE_CHUNK, this.capacity - i);
      readSync(this.fd, probe, 0, n * SLOT, HEADER + i * SLOT);
      for (let k = 0; k < n; k++) if (probe.readUInt32LE(k * SLOT + 4) === 0) return i + k;
      i = (i + n) & (this.capacity - 1);
    }
  }

  /** Doubles the table (amortised O(1) per insert): new file, atomic rename, reopen. */
  private async grow(): Promise<void> {
    const old = Buffer.alloc(HEADER + this.capacity * SLOT);
    readSync(this.fd, old, 0, old.length, 0);
    const capacity = this.capacity * 2;
    const table = Buffer.alloc(HEADER + capacity * SLOT);
    old.copy(table, 0, 0, HEADER);
    table.writeUInt32LE(capacity, 8);
    for (let i = 0; i < this.capacity; i++) {
      const at = HEADER + i * SLOT;
      const length = old.readUInt32LE(at + 4);
      if (length !== 0) placeInTable(table, capacity, old.readUInt32LE(at), { offset: old.readDoubleLE(at + 8), length });
    }
    const tmp = `.${this.name}.grow.tmp`;
    await createOwn(this.fn, this.dir, tmp, table, false);
    renameSync(this.dir.at(tmp), this.dir.at(this.name));
    closeSync(this.fd);
    const fd = openOwn(this.fn, this.dir.at(this.name), this.dir.relOf(this.name), constants.O_RDWR);
    if (fd === null) throw new ArtifactCorruptError(this.fn, this.dir.relOf(this.name), 'vanished while it was being grown');
    this.fd = fd;
    this.capacity = capacity;
  }

  /** The open file's status (its size, inode and change time), without naming it again. */
  stat(): BigIntStats {
    return fstatSync(this.fd, { bigint: true });
  }

  close(): void {
    closeSync(this.fd);
  }
}

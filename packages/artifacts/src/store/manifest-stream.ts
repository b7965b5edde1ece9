/**
 * A run's manifest records streamed in manifest order from one snapshot, in memory that does not
 * grow with the run. Under the run's lock for a moment, the ledger's state (loaded, or recovered
 * from the journal) gives the manifest's size and its last records — the only part a later batch
 * rewrites in place; any other change replaces the file, and the descriptor opened then keeps the
 * old one. The records before that tail are then read from the open file in chunks, without the
 * lock, and the tail from the state. Every record is checked, and so are their order and count.
 * Owns: that snapshot and the scan of the manifest text. Must not: write.
 */
import { closeSync, constants, fstatSync, readSync } from 'node:fs';
import { openOwn } from '../durable-fs.js';
import { ArtifactCorruptError, ArtifactNotFoundError } from '../errors.js';
import { runFiles } from '../layout.js';
import { byteLength } from '../ledger/manifest-tail.js';
import { RunLedger } from '../ledger/run-ledger.js';
import { OpenTree } from '../open-tree.js';
import { readManifest, withReaderLock } from '../read.js';
import { checkManifestRecord } from '../record-check.js';
import { compareRecordKeys, MANIFEST_PREFIX, manifestSuffix, type ManifestRecord } from '../records.js';
import { MANIFESTS_DIR } from '../validate.js';
import type { RecordRange } from './contract.js';
import { afterRange, beforeRange } from './iterate-records.js';

/** Bytes read from the manifest file at a time. */
const CHUNK_BYTES = 16 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** What the lock was held for: the open manifest, the byte range of its records before the tail, the tail and the count. */
interface Snapshot {
  readonly fd: number | null;
  readonly from: number;
  readonly to: number;
  readonly tail: readonly string[];
  readonly records: number;
}

/** The run's records (in `range`) in manifest order, from one snapshot; see `ArtifactStore.iterateRecords`. */
export async function* streamManifest(fn: string, artifactsDir: string, runId: string, range: RecordRange | undefined): AsyncGenerator<ManifestRecord, void, undefined> {
  const file = runFiles(runId).manifest;
  const snapshot = await takeSnapshot(fn, artifactsDir, runId);
  if (snapshot === null) {
    // A folder this reader cannot lock is one nobody writes: its manifest is derived from the journal, whole.
    let records: readonly ManifestRecord[];
    try {
      records = (await readManifest(artifactsDir, runId)).records;
    } catch (err) {
      if (err instanceof ArtifactNotFoundError) throw notFound(fn, runId);
      throw err;
    }
    for (const r of records) {
      if (afterRange(r, range)) return;
      if (!beforeRange(r, range)) yield r;
    }
    return;
  }
  let previous: ManifestRecord | null = null;
  let count = 0;
  /** The record of `text`, checked, in order after the previous one. */
  const next = (text: string): ManifestRecord => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArtifactCorruptError(fn, file, `holds a record that is not JSON (record ${String(count)})`);
    }
    const r = checkManifestRecord(value, runId);
    if (typeof r === 'string') throw new ArtifactCorruptError(fn, file, `holds a bad record (record ${String(count)}): ${r}`);
    if (previous !== null && compareRecordKeys(previous, r) >= 0) throw new ArtifactCorruptError(fn, file, `is not in (tick, kind, schema, path) order at record ${String(count)}`);
    previous = r;
    count++;
    return r;
  };
  try {
    if (snapshot.fd !== null) {
      for (const texts of recordTexts(snapshot.fd, snapshot.from, snapshot.to, fn, file)) {
        for (const text of texts) {
          const r = next(text);
          if (afterRange(r, range)) return;
          if (!beforeRange(r, range)) yield r;
        }
      }
    }
    for (const text of snapshot.tail) {
      const r = next(text);
      if (afterRange(r, range)) return;
      if (!beforeRange(r, range)) yield r;
    }
    if (count !== snapshot.records) throw new ArtifactCorruptError(fn, file, `holds ${String(count)} records where the ledger's state says ${String(snapshot.records)}`);
  } finally {
    if (snapshot.fd !== null) closeSync(snapshot.fd);
  }
}

function notFound(fn: string, runId: string): ArtifactNotFoundError {
  return new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
}

/** The snapshot, taken under the run's lock; null when the folder cannot be locked. */
async function takeSnapshot(fn: string, artifactsDir: string, runId: string): Promise<Snapshot | null> {
  const files = runFiles(runId);
  const tree = OpenTree.open(fn, artifactsDir, false, true);
  if (tree === null) throw notFound(fn, runId);
  try {
    const ledger = await RunLedger.open(fn, tree, runId, true, false);
    if (ledger === null || !ledger.exists()) throw notFound(fn, runId);
    try {
      return await withReaderLock(fn, ledger, async (locked) => {
        if (!locked) return null;
        const state = await ledger.load(null);
        if (state.records === 0) return { fd: null, from: 0, to: 0, tail: [], records: 0 };
        const tail = state.tail.map((t) => t.json);
        const first = state.tail[0];
        if (tail.length === state.records) return { fd: null, from: 0, to: 0, tail, records: state.records };
        const dir = await tree.dir(MANIFESTS_DIR, false);
        const fd = dir === null ? null : openOwn(fn, dir.at(files.manifest.slice(MANIFESTS_DIR.length + 1)), files.manifest, constants.O_RDONLY);
        if (fd === null) throw new ArtifactCorruptError(fn, files.manifest, 'is missing while the ledger lists records');
        try {
          if (fstatSync(fd).size !== state.manifestBytes) throw new ArtifactCorruptError(fn, files.manifest, `is not the size the ledger's state says (${String(state.manifestBytes)} bytes)`);
          const prefix = Buffer.alloc(byteLength(MANIFEST_PREFIX));
          readSync(fd, prefix, 0, prefix.length, 0);
          if (prefix.toString('utf8') !== MANIFEST_PREFIX) throw new ArtifactCorruptError(fn, files.manifest, `does not start with ${MANIFEST_PREFIX}`);
          // Without a tail the records run to the suffix; with one, to the tail's first record (after a comma).
          const to = first === undefined ? state.manifestBytes - byteLength(manifestSuffix(runId)) : first.offset;
          return { fd, from: prefix.length, to, tail, records: state.records };
        } catch (err) {
          closeSync(fd);
          throw err;
        }
      });
    } finally {
      ledger.close();
    }
  } finally {
    tree.close();
  }
}

/**
 * The texts of the records in bytes `[from, to)` of the manifest (records separated by commas at
 * depth 0, perhaps a trailing one), one chunk's worth at a time. A record split across chunks is
 * carried over; nothing else is kept.
 */
function* recordTexts(fd: number, from: number, to: number, fn: string, file: string): Generator<string[], void, undefined> {
  let inString = false;
  let escaped = false;
  let depth = 0;
  let carry: Buffer[] = [];
  for (let at = from; at < to; ) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, to - at));
    const n = readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) throw new ArtifactCorruptError(fn, file, `ends at byte ${String(at)}, before its records do`);
    at += n;
    const texts: string[] = [];
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
      else if (c === COMMA && depth === 0) {
        carry.push(chunk.subarray(start, i));
        texts.push(Buffer.concat(carry).toString('utf8'));
        carry = [];
        start = i + 1;
      }
    }
    if (start < n) carry.push(chunk.subarray(start, n));
    yield texts;
  }
  const last = Buffer.concat(carry);
  if (last.length > 0) yield [last.toString('utf8')];
}

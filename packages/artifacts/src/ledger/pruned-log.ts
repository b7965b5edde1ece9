/**
 * The run's tombstones, `manifests/<run_id>.pruned.log`: one canonical JSON line
 * `{"bytes":…,"path":…,"sha256":…}` per pruned record, appended (and fdatasynced) before the
 * record's file is deleted — the prune's commit point. A pruned record stays listed in the journal
 * and the manifest, so the Merkle root and inclusion proofs do not change. A last line without its
 * newline was never committed and is ignored (and overwritten by the next append).
 * Owns: the tombstone format, reading it and appending to it. Must not: delete files or take the lock.
 */
import { canonicalJson } from '@abraxas/ers';
import { isNonNegativeSafeInt, isWellFormed } from '@abraxas/internal';
import { closeSync, constants, ftruncateSync } from 'node:fs';
import { fdatasyncFd, writeAllSync } from '../durable-fs.js';
import { ArtifactCorruptError } from '../errors.js';
import type { ManifestRecord } from '../records.js';
import type { LedgerFiles } from './ledger-files.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** What a tombstone keeps of a pruned record: where it was and what it held. */
export interface Tombstone {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The tombstone line of a record. */
export function tombstoneLine(r: Tombstone): string {
  return `${canonicalJson({ bytes: r.bytes, path: r.path, sha256: r.sha256 })}\n`;
}

/**
 * The committed tombstones of the run, each held to the record it names in `listed` (when given):
 * a line that is not canonical, names an unlisted path or other bytes, or repeats a path is an
 * `ArtifactCorruptError` naming the file and line. `complete` is the length up to the last newline.
 */
export function readTombstones(io: LedgerFiles, listed: ReadonlyMap<string, ManifestRecord> | null): { tombstones: Map<string, Tombstone>; complete: number } {
  const buf = io.read('pruned');
  const tombstones = new Map<string, Tombstone>();
  if (buf === null) return { tombstones, complete: 0 };
  const file = io.files.pruned;
  let pos = 0;
  for (let n = 1; ; n++) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    const text = buf.toString('utf8', pos, nl);
    const bad = (why: string): ArtifactCorruptError => new ArtifactCorruptError(io.fn, file, `line ${String(n)} ${why}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw bad('is not JSON');
    }
    const t = value as Partial<Tombstone> | null;
    if (typeof t !== 'object' || t === null || typeof t.path !== 'string' || typeof t.sha256 !== 'string' || !HEX64.test(t.sha256) || !isNonNegativeSafeInt(t.bytes)) {
      throw bad('is not a tombstone {bytes, path, sha256}');
    }
    const tomb: Tombstone = { path: t.path, sha256: t.sha256, bytes: t.bytes };
    // The line's bytes, not its decoding, are compared: invalid UTF-8 decodes to U+FFFD, which the
    // canonical line would repeat. A path canonical JSON refuses (a lone surrogate) is damage too.
    const canonical = isWellFormed(tomb.path) ? Buffer.from(tombstoneLine(tomb), 'utf8') : null;
    if (canonical === null || !canonical.equals(buf.subarray(pos, nl + 1))) throw bad('is not a canonical tombstone line');
    if (tombstones.has(tomb.path)) throw bad(`names ${JSON.stringify(tomb.path)} a second time`);
    if (listed !== null) {
      const r = listed.get(tomb.path);
      if (r === undefined) throw bad(`names ${JSON.stringify(tomb.path)}, which the journal does not list`);
      if (r.sha256 !== tomb.sha256 || r.bytes !== tomb.bytes) throw bad(`names ${JSON.stringify(tomb.path)} with other bytes than the journal lists`);
    }
    tombstones.set(tomb.path, tomb);
    pos = nl + 1;
  }
  return { tombstones, complete: pos };
}

/**
 * Appends tombstone lines at `complete` (dropping an uncommitted partial line); fdatasynced, and the
 * folder fsynced when the file is new, when `durable`. Run under the run's lock.
 */
export async function appendTombstones(io: LedgerFiles, complete: number, records: readonly Tombstone[], durable: boolean): Promise<void> {
  const existed = io.lstat('pruned') !== null;
  const fd = io.open('pruned', constants.O_WRONLY | constants.O_CREAT) as number;
  try {
    ftruncateSync(fd, complete);
    writeAllSync(fd, Buffer.from(records.map(tombstoneLine).join(''), 'utf8'), complete);
    if (durable) await fdatasyncFd(fd);
  } finally {
    closeSync(fd);
  }
  if (durable && !existed) await io.dir.fsync();
}

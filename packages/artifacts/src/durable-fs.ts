/**
 * File-system steps with the durability and the link rules this package promises: files opened
 * with O_NOFOLLOW and checked on the opened descriptor (a regular file with one name), created with
 * O_EXCL, replaced atomically (temporary file, fsync, rename, folder fsync), fsync of files.
 * Owns: low-level file operations. Must not: know about manifests, records or locks.
 */
import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, fsync, fsyncSync, lstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync, type BigIntStats, type Stats } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { ArtifactCorruptError } from './errors.js';
import type { OpenDir } from './open-tree.js';

/*
 * File operations are synchronous system calls: a write is a short sequence of small calls under
 * a lock, and a thread-pool round trip per call would cost far more than the calls. So are the
 * fsyncs while a write is the process's only one in flight (the round trip to the pool and back
 * costs more than a fsync on a fast disk, about a fifth of a tick); while other writes are in
 * flight, fsyncs run on the thread pool, so theirs overlap and share the disk's commits.
 */

/** Error code of a failed Node file-system call, or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Writes (batches) in flight in this process, counted by `duringWrite`. */
let writesInFlight = 0;

/** Runs `write` counted as a write in flight (see above). */
export async function duringWrite<T>(write: () => Promise<T>): Promise<T> {
  writesInFlight++;
  try {
    return await write();
  } finally {
    writesInFlight--;
  }
}

/** fsync(2) of an open file: on this thread while at most one write is in flight, else on the pool. */
export function fsyncFd(fd: number): Promise<void> {
  return syncOrPooled(fd, fsyncSync, fsync);
}

/** fdatasync(2) of an open file, as `fsyncFd`. */
export function fdatasyncFd(fd: number): Promise<void> {
  return syncOrPooled(fd, fdatasyncSync, fdatasync);
}

function syncOrPooled(fd: number, sync: (fd: number) => void, pooled: (fd: number, cb: (err: Error | null) => void) => void): Promise<void> {
  if (writesInFlight <= 1) {
    return new Promise((resolve) => {
      sync(fd); // a throw rejects the promise
      resolve();
    });
  }
  return new Promise((resolve, reject) => {
    pooled(fd, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });
}

/** Writes all of `data` at `position` of an open file. */
export function writeAllSync(fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.length) {
    done += writeSync(fd, data, done, data.length - done, position === null ? null : position + done);
  }
}

/** O_NOFOLLOW: a link at the name fails the open; O_NONBLOCK: a planted FIFO cannot hang it. */
const NO_FOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** What a file of ours found at `rel` is refused for. */
function refused(fn: string, rel: string, what: string): ArtifactCorruptError {
  return new ArtifactCorruptError(fn, rel, `${what}; this package never follows links or writes through them inside the artifacts folder: move it away (nothing was written)`);
}

/** Why the object `st` found at `rel` cannot be one of our files, or null when it can. */
function foreignFile(st: Stats | BigIntStats): string | null {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isFile()) return 'is not a regular file';
  if (Number(st.nlink) > 1) return `is a regular file with ${String(st.nlink)} hard links (one may be outside the artifacts folder)`;
  return null;
}

/**
 * Opens a file of this package named `path` (a name inside an open folder, see open-tree.ts)
 * without following a link, and checks the opened descriptor: a regular file with one name. A link,
 * a folder, a FIFO or a hard-linked file is an `ArtifactCorruptError` naming `rel`. Returns null
 * when the file does not exist and `flags` do not create it.
 */
export function openOwn(fn: string, path: string, rel: string, flags: number): number | null {
  return openOwnStat(fn, path, rel, flags)?.fd ?? null;
}

/** `openOwn`, with the status the opened descriptor had when it was checked (no second fstat needed). */
export function openOwnStat(fn: string, path: string, rel: string, flags: number): { fd: number; st: BigIntStats } | null {
  let fd: number;
  try {
    fd = openSync(path, flags | NO_FOLLOW, 0o666);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' && (flags & constants.O_CREAT) === 0) return null;
    if (code === 'ELOOP') throw refused(fn, rel, 'is a symbolic link');
    if (code === 'EISDIR' || code === 'ENXIO' || code === 'ENOTDIR') throw refused(fn, rel, 'is not a regular file');
    if (code === 'EEXIST') {
      const st = lstatOwn(fn, path, rel);
      if (st !== null) throw refused(fn, rel, 'already exists');
    }
    throw err;
  }
  const st = fstatSync(fd, { bigint: true });
  const problem = foreignFile(st);
  if (problem !== null) {
    closeSync(fd);
    throw refused(fn, rel, problem);
  }
  return { fd, st };
}

/** lstat of a file of ours: null when absent; a link or anything but a single-named regular file is refused. */
export function lstatOwn(fn: string, path: string, rel: string): BigIntStats | null {
  // An absent name answers without an exception (most lookups of temporary names miss).
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (st === undefined) return null;
  const problem = foreignFile(st);
  if (problem !== null) throw refused(fn, rel, problem);
  return st;
}

/** Reads a file of ours (never through a link), or returns null when it does not exist. */
export function readOwn(fn: string, path: string, rel: string): Buffer | null {
  const opened = openOwnStat(fn, path, rel, constants.O_RDONLY);
  if (opened === null) return null;
  return readToEnd(opened.fd, Number(opened.st.size), true);
}

/**
 * Reads an open file from offset 0 to `size` (the size checked on its descriptor), as readFileSync
 * would without a second fstat; closes the descriptor after when `close`.
 */
export function readToEnd(fd: number, size: number, close: boolean): Buffer {
  try {
    // The size checked on the descriptor, read to its end (as readFileSync would, without a second fstat).
    const buf = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === size ? buf : buf.subarray(0, done);
  } finally {
    if (close) closeSync(fd);
  }
}

/**
 * Creates the file `name` in `dir` (O_CREAT | O_EXCL | O_NOFOLLOW: never an existing file, never
 * through a link) holding `data`, fsynced when `durable`. A regular file already there is a
 * temporary file left by a killed writer: it is removed and the create tried again. Anything else
 * there (a link, a folder) is refused.
 */
export async function createOwn(fn: string, dir: OpenDir, name: string, data: Uint8Array | string, durable: boolean): Promise<void> {
  const path = dir.at(name);
  const rel = dir.relOf(name);
  let fd: number | null = null;
  for (let attempt = 0; fd === null; attempt++) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o666);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || attempt >= 3) throw err;
      if (lstatOwn(fn, path, rel) !== null) unlinkQuiet(path);
    }
  }
  try {
    writeAllSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, 0);
    if (durable) await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes `path`, which may already be gone. */
export function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}

/**
 * Replaces the file `name` in `dir` atomically (readers see the old file or the new one): a new
 * temporary file `.<name>.tmp`, then a rename, which replaces a name and never writes through it.
 * A link or foreign file at `name` is refused before anything is written. With `durable`, the new
 * bytes and the new name are on stable storage when this resolves.
 */
export async function replaceOwn(fn: string, dir: OpenDir, name: string, data: Uint8Array | string, durable: boolean): Promise<void> {
  lstatOwn(fn, dir.at(name), dir.relOf(name));
  const tmp = `.${name}.tmp`;
  await createOwn(fn, dir, tmp, data, durable);
  renameSync(dir.at(tmp), dir.at(name));
  if (durable) await dir.fsync();
}

let cachedBootId: string | undefined;

/**
 * An id of the current boot of this machine. Derived files (the materialised manifest, the state
 * and the index) are not fsynced; a different boot id tells the next opener to rebuild them from
 * the durable journal, since a power loss may have left them stale.
 */
export function bootId(): string {
  if (cachedBootId !== undefined) return cachedBootId;
  try {
    cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Boot time to the minute: a spurious mismatch only costs one rebuild.
    cachedBootId = `${hostname()}@${String(Math.round((Date.now() / 1000 - uptime()) / 60))}`;
  }
  return cachedBootId;
}

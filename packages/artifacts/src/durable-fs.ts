/**
 * File-system steps with the durability this package promises: fsync of files and folders, atomic
 * replacement (temporary file, fsync, rename, folder fsync) and folder creation that refuses
 * symbolic links under the artifacts folder.
 * Owns: low-level file operations. Must not: know about manifests, records or locks.
 */
import { closeSync, fdatasync, fsync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { dirname, join } from 'node:path';
import { ArtifactValidationError } from './errors.js';

/*
 * File operations are synchronous system calls, except fsync: a write is a short sequence of small
 * calls under a lock, and a thread-pool round trip per call would cost far more than the calls.
 * The fsyncs (the slow part) run on the thread pool so the event loop keeps going meanwhile.
 */

/** Error code of a failed Node file-system call, or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** fsync(2) of an open file, off the event loop. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });
}

/** fdatasync(2) of an open file, off the event loop. */
export function fdatasyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fdatasync(fd, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });
}

/** Flushes a folder's entries (new names, renames) to stable storage. */
export async function fsyncDir(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (err) {
    // Some platforms cannot open folders; there is nothing more to flush there.
    if (errnoCode(err) === 'EISDIR' || errnoCode(err) === 'EPERM' || errnoCode(err) === 'EACCES') return;
    throw err;
  }
  try {
    await fsyncFd(fd);
  } catch (err) {
    if (errnoCode(err) !== 'EINVAL' && errnoCode(err) !== 'EBADF') throw err;
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `data` at `position` of an open file. */
export function writeAllSync(fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.length) {
    done += writeSync(fd, data, done, data.length - done, position === null ? null : position + done);
  }
}

/** Writes `data` to a new or truncated file, fsyncs it when `durable`, and closes it. */
export async function writeWholeFile(fsPath: string, data: Uint8Array | string, durable: boolean): Promise<void> {
  const fd = openSync(fsPath, 'w');
  try {
    writeAllSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, 0);
    if (durable) await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `fsPath` atomically: readers see the old file or the new one, never a mix. With
 * `durable`, the new bytes and the new name are on stable storage when this resolves.
 */
export async function replaceFile(fsPath: string, data: Uint8Array | string, durable: boolean): Promise<void> {
  const slash = Math.max(fsPath.lastIndexOf('/'), fsPath.lastIndexOf('\\'));
  const tmp = `${fsPath.slice(0, slash + 1)}.${fsPath.slice(slash + 1)}.tmp`;
  await writeWholeFile(tmp, data, durable);
  renameSync(tmp, fsPath);
  if (durable) await fsyncDir(dirname(fsPath));
}

/** Reads a file, or returns null when it does not exist. */
export function readIfExists(fsPath: string): Buffer | null {
  try {
    return readFileSync(fsPath);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Creates `root/relDir` folder by folder. Every folder below `root` must be a real folder (a
 * symbolic link could lead outside the artifacts folder). New folders are made durable by an fsync
 * of their parent when `durable`. `known` caches folders already checked by this writer.
 */
export async function ensureDirUnder(
  fn: string,
  root: string,
  relDir: string,
  durable: boolean,
  known: Set<string>,
): Promise<void> {
  if (known.has(relDir)) return;
  if (!known.has('')) {
    mkdirSync(root, { recursive: true });
    known.add('');
  }
  let current = '';
  for (const segment of relDir.split('/')) {
    const parentRel = current;
    current = current === '' ? segment : `${current}/${segment}`;
    if (known.has(current)) continue;
    const fsPath = join(root, ...current.split('/'));
    let created = false;
    try {
      mkdirSync(fsPath);
      created = true;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    if (!created) {
      const st = lstatSync(fsPath);
      if (st.isSymbolicLink() || !st.isDirectory()) {
        throw new ArtifactValidationError(
          fn,
          'relPath',
          `must stay inside the artifacts folder; ${JSON.stringify(current)} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`,
        );
      }
    } else if (durable) {
      await fsyncDir(parentRel === '' ? root : join(root, ...parentRel.split('/')));
    }
    known.add(current);
  }
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

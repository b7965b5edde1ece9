/**
 * File-system steps with the durability this package promises: fsync of files and folders, atomic
 * replacement (temporary file, fsync, rename, folder fsync) and folder creation that refuses
 * symbolic links under the artifacts folder.
 * Owns: low-level file operations. Must not: know about manifests, records or locks.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, rename } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { dirname, join } from 'node:path';
import { ArtifactValidationError } from './errors.js';

/** Error code of a failed Node file-system call, or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Flushes a folder's entries (new names, renames) to stable storage. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, constants.O_RDONLY);
  } catch (err) {
    // Some platforms cannot open folders; there is nothing more to flush there.
    if (errnoCode(err) === 'EISDIR' || errnoCode(err) === 'EPERM' || errnoCode(err) === 'EACCES') return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (errnoCode(err) !== 'EINVAL' && errnoCode(err) !== 'EBADF') throw err;
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a new or truncated file, fsyncs it when `durable`, and closes it. */
export async function writeWholeFile(fsPath: string, data: Uint8Array | string, durable: boolean): Promise<void> {
  const handle = await open(fsPath, 'w');
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
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
  await rename(tmp, fsPath);
  if (durable) await fsyncDir(dirname(fsPath));
}

/** Reads a file, or returns null when it does not exist. */
export async function readIfExists(fsPath: string): Promise<Buffer | null> {
  try {
    return await readFile(fsPath);
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
    await mkdir(root, { recursive: true });
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
      await mkdir(fsPath);
      created = true;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    if (!created) {
      const st = await lstat(fsPath);
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
export async function bootId(): Promise<string> {
  if (cachedBootId !== undefined) return cachedBootId;
  try {
    cachedBootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  } catch {
    // Boot time to the minute: a spurious mismatch only costs one rebuild.
    cachedBootId = `${hostname()}@${String(Math.round((Date.now() / 1000 - uptime()) / 60))}`;
  }
  return cachedBootId;
}

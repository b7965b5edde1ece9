/**
 * The artifacts folder as a tree of folders opened without following links. The root is opened
 * as the caller names it (links in the caller's own path are the caller's choice); every folder
 * below it is opened with O_DIRECTORY | O_NOFOLLOW through its already-open parent, and every file
 * is named through its open folder (`/proc/self/fd/<fd>/<name>` on Linux), so a folder swapped for
 * a link after it was checked is never followed. A tree lives for one write, batch or read, or is
 * kept by a long-lived writer between batches: then `stillSame` checks, before each batch, that
 * every open folder is still the one its name names (a swap is noticed at the next write).
 * Owns: opening, creating and naming folders under the root. Must not: read or write files.
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, fsyncFd } from './durable-fs.js';
import { ArtifactCorruptError, ArtifactValidationError } from './errors.js';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * True when a path through `/proc/self/fd/<fd>/` resolves names in the open folder itself (Linux).
 * Elsewhere names are joined to the folder's path and each folder is checked, once opened, to be
 * the one its path names (a narrower window, documented in the README).
 */
const ANCHORED = existsSync('/proc/self/fd');

/** The caller's path of every folder open through this module, by descriptor (for messages). */
const openPaths = new Map<number, string>();

/** `path` with an anchored folder prefix (`/proc/self/fd/<fd>`) replaced by that folder's path. */
export function displayPath(path: string): string {
  const m = /^\/proc\/self\/fd\/(\d+)(\/.*)?$/.exec(path);
  const dir = m === null ? undefined : openPaths.get(Number(m[1]));
  return dir === undefined || m === null ? path : join(dir, m[2] ?? '');
}

/**
 * Why something found at `rel` is refused: a link, or not a folder. With `field` (a caller's path
 * leads there) an `ArtifactValidationError` of that field, else an `ArtifactCorruptError`.
 */
function notAFolder(fn: string, rel: string, st: Stats | null, field: string | undefined): Error {
  const what = `${JSON.stringify(rel)} ${st?.isSymbolicLink() === true ? 'is a symbolic link' : 'is not a folder'}`;
  const why = 'links inside the artifacts folder are never followed: move it away (nothing was written)';
  if (field !== undefined) return new ArtifactValidationError(fn, field, `must stay inside the artifacts folder; ${what}; ${why}`);
  return new ArtifactCorruptError(fn, rel, `${st?.isSymbolicLink() === true ? 'is a symbolic link' : 'is not a folder'}; ${why}`);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** One open folder of the tree. */
export class OpenDir {
  constructor(
    /** The open descriptor. */
    readonly fd: number,
    /** `/`-separated path below the root ('' for the root). */
    readonly rel: string,
    /** The folder's path as the caller's root plus `rel` (for messages and non-Linux naming). */
    readonly fsPath: string,
  ) {
    openPaths.set(fd, fsPath);
  }

  /** A path naming `name` inside this open folder, for any fs call. */
  at(name: string): string {
    return ANCHORED ? `/proc/self/fd/${String(this.fd)}/${name}` : join(this.fsPath, name);
  }

  /** A path naming this open folder itself (to list it). */
  self(): string {
    return ANCHORED ? `/proc/self/fd/${String(this.fd)}` : this.fsPath;
  }

  /** The `/`-separated relative path of `name` in this folder. */
  relOf(name: string): string {
    return this.rel === '' ? name : `${this.rel}/${name}`;
  }

  /** Flushes the folder's entries to stable storage. */
  async fsync(): Promise<void> {
    try {
      await fsyncFd(this.fd);
    } catch (err) {
      if (errnoCode(err) !== 'EINVAL' && errnoCode(err) !== 'EBADF') throw err;
    }
  }
}

/** Device and inode of a folder, as `dev:ino`. */
const identityOf = (st: Stats): string => `${String(st.dev)}:${String(st.ino)}`;

/** The open folders of one artifacts folder, for one operation (or kept: see `keep`); `close` when done. */
export class OpenTree {
  private readonly dirs = new Map<string, OpenDir>();
  /** Once kept: the identity of every open folder, by its relative path. */
  private identities: Map<string, string> | null = null;

  private constructor(
    private readonly fn: string,
    readonly root: string,
    rootFd: number,
    private readonly durable: boolean,
  ) {
    this.dirs.set('', new OpenDir(rootFd, '', root));
  }

  /**
   * Opens the artifacts folder `root` (creating it when `create`), or returns null when it does not
   * exist and `create` is false. Anything there that is not a folder is an `ArtifactValidationError`.
   */
  static open(fn: string, root: string, create: boolean, durable: boolean): OpenTree | null {
    if (create) {
      try {
        mkdirSync(root, { recursive: true });
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST' && errnoCode(err) !== 'ENOTDIR') throw err;
      }
    }
    let fd: number;
    try {
      fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' && !create) return null;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOENT') {
        throw new ArtifactValidationError(fn, 'artifactsDir', `must be a folder (or a path where one can be created); ${JSON.stringify(root)} is not`);
      }
      throw err;
    }
    const tree = new OpenTree(fn, root, fd, durable);
    return tree;
  }

  /** The open root folder. */
  get rootDir(): OpenDir {
    return this.dirs.get('') as OpenDir;
  }

  /**
   * The open folder `relDir` (`/`-separated, '' for the root), opened segment by segment without
   * following links. Missing folders are created when `create` (made durable by an fsync of their
   * parent), else the result is null. A link or a file on the way is an `ArtifactCorruptError`,
   * or an `ArtifactValidationError` of `field` when a caller's path leads there.
   */
  async dir(relDir: string, create: boolean, field?: string): Promise<OpenDir | null> {
    const known = this.dirs.get(relDir);
    if (known !== undefined) return known;
    let parent = this.rootDir;
    for (const segment of relDir.split('/')) {
      const rel = parent.relOf(segment);
      const cached = this.dirs.get(rel);
      if (cached !== undefined) {
        parent = cached;
        continue;
      }
      const opened = await this.openChild(parent, segment, create, field);
      if (opened === null) return null;
      this.dirs.set(rel, opened);
      this.identities?.set(rel, identityOf(fstatSync(opened.fd)));
      parent = opened;
    }
    return parent;
  }

  private async openChild(parent: OpenDir, name: string, create: boolean, field: string | undefined): Promise<OpenDir | null> {
    const rel = parent.relOf(name);
    const path = parent.at(name);
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, DIR_FLAGS);
        const dir = new OpenDir(fd, rel, join(parent.fsPath, name));
        if (!ANCHORED) this.checkSame(dir, field);
        return dir;
      } catch (err) {
        const code = errnoCode(err);
        if (err instanceof ArtifactCorruptError || err instanceof ArtifactValidationError) throw err;
        if (code === 'ENOENT' && create && attempt < 3) {
          try {
            mkdirSync(path);
            if (this.durable) await parent.fsync();
          } catch (mkErr) {
            if (errnoCode(mkErr) !== 'EEXIST') throw mkErr;
          }
          continue;
        }
        if (code === 'ENOENT' && !create) return null;
        if (code === 'ENOTDIR' || code === 'ELOOP') throw notAFolder(this.fn, rel, lstatOrNull(path), field);
        throw err;
      }
    }
  }

  /** Without anchored names: the folder just opened must be the one its path names now. */
  private checkSame(dir: OpenDir, field: string | undefined): void {
    const st = lstatOrNull(dir.fsPath);
    const fst = fstatSync(dir.fd);
    if (st === null || !st.isDirectory() || st.dev !== fst.dev || st.ino !== fst.ino) {
      openPaths.delete(dir.fd);
      closeSync(dir.fd);
      throw notAFolder(this.fn, dir.rel, st, field);
    }
  }

  /** The open folder holding `relPath` and the file's name in it. */
  async parentOf(relPath: string, create: boolean, field?: string): Promise<{ dir: OpenDir; name: string } | null> {
    const slash = relPath.lastIndexOf('/');
    const dir = await this.dir(slash < 0 ? '' : relPath.slice(0, slash), create, field);
    return dir === null ? null : { dir, name: relPath.slice(slash + 1) };
  }

  /**
   * Keeps the tree for later operations: remembers the device and inode of every open folder (and
   * of every folder opened later), for `stillSame`.
   */
  keep(): void {
    if (this.identities !== null) return;
    this.identities = new Map([...this.dirs].map(([rel, d]) => [rel, identityOf(fstatSync(d.fd))]));
  }

  /**
   * True when every open folder of a kept tree is still the one its name names: the root as the
   * caller names it (links in the caller's own path followed, as `open` does), every folder below it
   * (never through a link) in its open parent. False, and nothing else done, when one was removed,
   * moved or swapped (for a link or another folder): the caller closes the tree and opens it again.
   */
  stillSame(): boolean {
    const ids = this.identities;
    if (ids === null) return false;
    for (const rel of this.dirs.keys()) {
      let st: Stats;
      try {
        if (rel === '') st = statSync(this.root);
        else {
          const slash = rel.lastIndexOf('/');
          const parent = this.dirs.get(slash < 0 ? '' : rel.slice(0, slash));
          if (parent === undefined) return false;
          st = lstatSync(parent.at(rel.slice(slash + 1)));
        }
      } catch {
        return false;
      }
      if (!st.isDirectory() || ids.get(rel) !== identityOf(st)) return false;
    }
    return true;
  }

  /** Closes every folder this tree opened. */
  close(): void {
    for (const d of this.dirs.values()) {
      openPaths.delete(d.fd);
      try {
        closeSync(d.fd);
      } catch {
        // already closed
      }
    }
    this.dirs.clear();
    this.identities = null;
  }
}

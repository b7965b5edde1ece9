/**
 * The files of one run's ledger (journal, manifest, index, state, lock), named through the open
 * `manifests/` folder and opened without following links.
 * Owns: naming, reading, opening, replacing and stat'ing those files. Must not: know their formats.
 */
import type { BigIntStats } from 'node:fs';
import { lstatOwn, openOwn, openOwnStat, readOwn, replaceOwn } from '../durable-fs.js';
import { runFiles, type RunFiles } from '../layout.js';
import type { OpenDir } from '../open-tree.js';
import { MANIFESTS_DIR } from '../validate.js';

export type FileName = keyof RunFiles;

/** The derived files whose marks decide whether a remembered state still holds. */
export const MARKED = ['journal', 'manifest', 'index'] as const;

/** A file's size, inode and change time, as `size:ino:ctimeNs`. */
export function markOf(st: BigIntStats): string {
  return `${String(st.size)}:${String(st.ino)}:${String(st.ctimeNs)}`;
}

export class LedgerFiles {
  /** The run's files, relative to the artifacts folder. */
  readonly files: RunFiles;

  constructor(
    readonly fn: string,
    readonly dir: OpenDir,
    readonly runId: string,
  ) {
    this.files = runFiles(runId);
  }

  /** The name of one of the run's files inside the open `manifests/` folder. */
  name(file: FileName): string {
    return this.files[file].slice(MANIFESTS_DIR.length + 1);
  }

  /** A path naming one of the run's files through the open `manifests/` folder. */
  at(file: FileName): string {
    return this.dir.at(this.name(file));
  }

  read(file: FileName): Buffer | null {
    return readOwn(this.fn, this.at(file), this.files[file]);
  }

  open(file: FileName, flags: number): number | null {
    return openOwn(this.fn, this.at(file), this.files[file], flags);
  }

  /** `open`, with the opened descriptor's status. */
  openStat(file: FileName, flags: number): { fd: number; st: BigIntStats } | null {
    return openOwnStat(this.fn, this.at(file), this.files[file], flags);
  }

  async replace(file: FileName, data: Uint8Array | string, durable: boolean): Promise<void> {
    await replaceOwn(this.fn, this.dir, this.name(file), data, durable);
  }

  /** lstat of one of the run's files (a link or foreign file there is refused), or null. */
  lstat(file: FileName): BigIntStats | null {
    return lstatOwn(this.fn, this.at(file), this.files[file]);
  }

  stat(file: FileName): { size: number; mark: string } | null {
    const st = this.lstat(file);
    return st === null ? null : { size: Number(st.size), mark: markOf(st) };
  }

  /**
   * Refuses (before anything is written) a link or foreign file at any name the ledger may write:
   * its files and their temporary names. One planted later still fails the open that meets it.
   * Returns the state file's lstat (null when it is absent).
   */
  refuseForeign(): BigIntStats | null {
    const state = this.lstat('state');
    const names = [...(['manifest', 'index', 'journal'] as const).map((f) => `.${this.name(f)}.tmp`), `.${this.name('index')}.grow.tmp`];
    for (const name of names) lstatOwn(this.fn, this.dir.at(name), this.dir.relOf(name));
    return state;
  }
}

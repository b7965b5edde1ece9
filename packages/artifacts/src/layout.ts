/**
 * Where the store's own files live under an artifacts folder: the per-run ledger files and the
 * temporary names (records' paths are their owners' rules). Relative paths use `/`.
 * Owns: the store's file and folder names. Must not: do IO, validate input or name a record kind.
 */
import { join } from 'node:path';
import { MANIFESTS_DIR } from './validate.js';

/** The spec's `{tick:06d}` of record file names: the tick in decimal, zero-padded to at least six digits. */
export function tickFileName(tick: number): string {
  return String(tick).padStart(6, '0');
}

/** `manifests/<runId>.manifest.json`: the run's materialised `Manifest.v0`. */
export function manifestRelPath(runId: string): string {
  return `${MANIFESTS_DIR}/${runId}.manifest.json`;
}

/** The ledger files of one run, relative to the artifacts folder. */
export interface RunFiles {
  /** `Manifest.v0`, canonical JSON, current whenever no write is in progress. */
  readonly manifest: string;
  /** The durable journal: one canonical record per line, in commit order. */
  readonly journal: string;
  /** Derived cache: record count, byte sizes and the last records of the manifest. */
  readonly state: string;
  /** Derived cache: on-disk hash table from path to journal line. */
  readonly index: string;
  /** Held by the one process writing the run. */
  readonly lock: string;
  /** Tombstones: one canonical line per pruned record (path, sha256, bytes), append-only. */
  readonly pruned: string;
}

export function runFiles(runId: string): RunFiles {
  const base = `${MANIFESTS_DIR}/${runId}`;
  return {
    manifest: `${base}.manifest.json`,
    journal: `${base}.manifest.log`,
    state: `${base}.manifest.state`,
    index: `${base}.manifest.idx`,
    lock: `${base}.lock`,
    pruned: `${base}.pruned.log`,
  };
}

/** The temporary name an artifact is written under before it is renamed into place. */
export function pendingRelPath(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return `${relPath.slice(0, slash + 1)}.${relPath.slice(slash + 1)}.pending`;
}

/** True for a temporary file name this package creates (valid artifact names never start with '.'). */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') && (name.endsWith('.pending') || name.endsWith('.tmp'));
}

/** A relative `/` path as a path of the local file system under `root`. */
export function toFsPath(root: string, relPath: string): string {
  return join(root, ...relPath.split('/'));
}

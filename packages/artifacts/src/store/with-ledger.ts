/**
 * `withLedger`: a store operation's prologue in a folder — open the folder and the run's ledger
 * (a run the folder does not hold is an `ArtifactNotFoundError`), take the run's lock as a writer
 * or as a reader, run the operation, and release and close everything after.
 * Owns: that prologue. Must not: read or write any ledger file itself.
 */
import { ArtifactNotFoundError } from '../errors.js';
import { LedgerFiles } from '../ledger/ledger-files.js';
import { RunLedger } from '../ledger/run-ledger.js';
import { OpenTree, type OpenDir } from '../open-tree.js';
import { withReaderLock } from '../read.js';
import { acquireRunLock } from '../run-lock.js';
import { MANIFESTS_DIR } from '../validate.js';

/**
 * How the operation holds the run's lock: a writer waits up to `timeoutMs` for it; a reader takes
 * it for the operation, or goes without it where the folder cannot be written (`locked` false).
 */
export type LedgerLock = { readonly kind: 'writer'; readonly timeoutMs: number } | { readonly kind: 'reader' };

/** What the operation is given: the open folder, the run's ledger and its files, and whether the lock is held. */
export interface OpenLedger {
  readonly tree: OpenTree;
  readonly ledger: RunLedger;
  readonly io: LedgerFiles;
  readonly locked: boolean;
}

/** Runs `body` on the run's open ledger, holding its lock as `lock` says. */
export async function withLedger<T>(fn: string, artifactsDir: string, runId: string, durable: boolean, lock: LedgerLock, body: (at: OpenLedger) => Promise<T>): Promise<T> {
  const missing = (): ArtifactNotFoundError => new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
  const tree = OpenTree.open(fn, artifactsDir, false, durable);
  if (tree === null) throw missing();
  try {
    const ledger = await RunLedger.open(fn, tree, runId, durable, false);
    if (ledger === null || !ledger.exists()) throw missing();
    try {
      const io = new LedgerFiles(fn, (await tree.dir(MANIFESTS_DIR, false)) as OpenDir, runId);
      if (lock.kind === 'reader') return await withReaderLock(fn, ledger, (locked) => body({ tree, ledger, io, locked }));
      const release = await acquireRunLock(fn, ledger.lockFsPath, ledger.files.lock, lock.timeoutMs);
      try {
        return await body({ tree, ledger, io, locked: true });
      } finally {
        release();
      }
    } finally {
      ledger.close();
    }
  } finally {
    tree.close();
  }
}

/**
 * The records a `FileStore` last saw listed, each kept with the identity of the ledger file that
 * listed it, so a record met again is found without a lookup, and one of a ledger since removed
 * and written anew never is.
 * Owns: that cache and the ledger identity it is keyed by. Must not: write, or read records' bytes.
 */
import { lstatOwn } from '../durable-fs.js';
import { runFiles } from '../layout.js';
import type { OpenTree } from '../open-tree.js';
import type { ManifestRecord } from '../records.js';
import { MANIFESTS_DIR } from '../validate.js';

/**
 * Which ledger file listed a record. The journal is append-only (a recovery cuts only a torn,
 * uncommitted last line): while it is the same file — device, inode and birth time — and no
 * shorter, whatever it listed is still listed. Where the file system has no birth time (0), an
 * inode freed by a removed journal may come back for a new one, so the journal must be exactly
 * as it was (size and change time too); so must the manifest of a run that has no journal.
 */
export interface LedgerIdentity {
  readonly key: string;
  readonly size: bigint;
  /** True when the file may have grown since (an append-only journal with a birth time). */
  readonly grows: boolean;
}

/** The identity of the run's ledger through the open tree: its journal's, else its manifest's; null when it has neither. */
export async function ledgerIdentity(fn: string, tree: OpenTree, runId: string): Promise<LedgerIdentity | null> {
  const dir = await tree.dir(MANIFESTS_DIR, false);
  if (dir === null) return null;
  const files = runFiles(runId);
  for (const file of ['journal', 'manifest'] as const) {
    const rel = files[file];
    const st = lstatOwn(fn, dir.at(rel.slice(MANIFESTS_DIR.length + 1)), rel);
    if (st === null) continue;
    const grows = file === 'journal' && st.birthtimeNs !== 0n;
    const key = `${file}:${String(st.dev)}:${String(st.ino)}:${String(st.birthtimeNs)}`;
    return { key: grows ? key : `${key}:${String(st.size)}:${String(st.ctimeNs)}`, size: st.size, grows };
  }
  return null;
}

/** True when a record listed by the ledger `then` is still listed by the ledger `now`. */
function stillListedBy(then: LedgerIdentity, now: LedgerIdentity | null): boolean {
  return now !== null && now.key === then.key && (!then.grows || now.size >= then.size);
}

/** The cache key of a run's path (a run id holds no NUL). */
function keyOf(runId: string, relPath: string): string {
  return `${runId}\u0000${relPath}`;
}

/** The last `capacity` records seen listed, by run and path, each with the identity of the ledger that listed it. */
export class ListedCache {
  private readonly entries = new Map<string, { readonly record: ManifestRecord; readonly at: LedgerIdentity }>();

  constructor(private readonly capacity: number) {}

  /** The record remembered at `relPath`, when the ledger `now` still lists it. */
  get(runId: string, relPath: string, now: LedgerIdentity | null): ManifestRecord | undefined {
    const entry = this.entries.get(keyOf(runId, relPath));
    if (entry === undefined) return undefined;
    if (stillListedBy(entry.at, now)) return entry.record;
    this.entries.delete(keyOf(runId, relPath));
    return undefined;
  }

  /**
   * Remembers a record listed by the ledger `at` (taken before the record was read, so a ledger
   * replaced meanwhile makes it a miss, never a stale hit), forgetting the oldest beyond capacity.
   */
  remember(runId: string, record: ManifestRecord, at: LedgerIdentity | null): void {
    if (at === null) return;
    const key = keyOf(runId, record.path);
    this.entries.delete(key);
    this.entries.set(key, { record, at });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(runId: string, relPath: string): void {
    this.entries.delete(keyOf(runId, relPath));
  }
}

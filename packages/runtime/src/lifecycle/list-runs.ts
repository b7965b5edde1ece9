/**
 * `listRuns`: every run a folder or store holds, with its ticks, first and last tick, records,
 * bytes and root, from each run's records streamed in manifest order (no artifact is opened, no
 * manifest held whole: memory holds one run's counts and O(log n) hashes of its Merkle tree). A run header is a record of the run,
 * not of a tick: it counts in records and bytes, not in ticks.
 * Owns: run summaries. Must not: write anything.
 */
import { FileStore, iterateRecords, ManifestRootBuilder, type ArtifactStore } from '@abraxas/artifacts';
import { RuntimeValidationError } from '../errors.js';
import { requireStore } from '../identity.js';
import { HEADER_KIND } from '../run-header/record.js';
import { optionKeys, requireKnownKeys } from '../option-keys.js';
import { requirePlainObject, requireText } from '../validate.js';

/** Where runs are listed from: an artifacts folder or a store, exactly one. */
export interface ListRunsOptions {
  readonly artifactsDir?: string;
  readonly store?: ArtifactStore;
}

/** One run, as its manifest describes it. */
export interface RunSummary {
  readonly run_id: string;
  /** How many distinct ticks have records (the run header, listed at tick 0, is not a tick's). */
  readonly ticks: number;
  readonly first_tick: number;
  readonly last_tick: number;
  /** Records listed in the manifest, and the sum of their sizes in bytes. */
  readonly records: number;
  readonly bytes: number;
  /** The run's Merkle root. */
  readonly root_hash: string;
}

const FN = 'listRuns';
const OPTIONS = optionKeys<ListRunsOptions>({ artifactsDir: true, store: true });

/**
 * Every run with at least one record, sorted by id (code point).
 *
 * @example
 * ```ts
 * for (const r of await listRuns({ artifactsDir: './artifacts' })) console.log(r.run_id, r.ticks, r.bytes);
 * ```
 */
export async function listRuns(options: ListRunsOptions): Promise<readonly RunSummary[]> {
  requirePlainObject(FN, 'options', options);
  requireKnownKeys(FN, options, OPTIONS);
  let store: ArtifactStore;
  if (options.store !== undefined) {
    if (options.artifactsDir !== undefined) throw new RuntimeValidationError(FN, 'store', 'must not be given with artifactsDir: pass exactly one of them');
    store = requireStore(FN, options.store);
  } else {
    requireText(FN, 'artifactsDir', options.artifactsDir);
    store = new FileStore(options.artifactsDir);
  }
  try {
    const out: RunSummary[] = [];
    for (const runId of await store.listRuns()) {
      const root = new ManifestRootBuilder(runId);
      // Records come sorted by tick: a tick is new when it differs from the last one counted.
      let ticks = 0;
      let bytes = 0;
      let first = -1;
      let last = -1;
      for await (const r of iterateRecords(store, runId)) {
        root.add(r);
        bytes += r.bytes;
        if (r.kind === HEADER_KIND) continue;
        if (ticks === 0) first = r.tick;
        if (ticks === 0 || r.tick !== last) ticks++;
        last = r.tick;
      }
      if (ticks === 0) continue;
      out.push({ run_id: runId, ticks, first_tick: first, last_tick: last, records: root.records, bytes, root_hash: root.rootHash() });
    }
    return out;
  } finally {
    if (options.store === undefined) await store.close();
  }
}

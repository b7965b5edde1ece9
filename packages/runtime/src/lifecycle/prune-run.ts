/**
 * `pruneRun`: retention for a run. Deletes the tick artifacts (TrendPacks, RunIndexes and
 * ResultsPacks) of the oldest ticks — those older than the last `keepLastTicks`, and as many more
 * of the oldest as it takes to bring the run's remaining tick artifacts under `maxBytes` — through the store's
 * `pruneRecords`, as one atomic call. The choice depends on the manifest alone (deterministic).
 * Never pruned: the manifest and the journal (not records), promotion decision records (the
 * promotion replay and the next tick need them), stability records and any other kind.
 * Owns: choosing what to prune. Must not: delete anything itself.
 */
import type { ArtifactStore, ManifestRecord } from '@abraxas/artifacts';
import { RuntimeValidationError } from '../errors.js';
import { optionKeys, requireKnownKeys } from '../option-keys.js';
import { RESULTS_KIND } from '../records/results-pack.js';
import { RUN_INDEX_KIND } from '../records/run-index.js';
import { TRENDPACK_KIND } from '../records/trendpack.js';
import { locateRun, type RunLocation } from '../run-location.js';
import { requirePlainObject, requireTick } from '../validate.js';

/** The record kinds `pruneRun` may delete: a tick's TrendPack, RunIndex and ResultsPack. */
const PRUNABLE: ReadonlySet<string> = new Set([TRENDPACK_KIND, RUN_INDEX_KIND, RESULTS_KIND]);

export interface PruneRunOptions extends RunLocation {
  /** Keep the tick artifacts of the last this many ticks (prune every older tick's). */
  readonly keepLastTicks?: number;
  /** Prune the oldest ticks' artifacts until those left take at most this many bytes. */
  readonly maxBytes?: number;
}

/** What `pruneRun` pruned now and what it kept (of the tick artifacts). */
export interface PruneRunResult {
  readonly run_id: string;
  /** The run's Merkle root: the same before and after (pruned records stay listed). */
  readonly root_hash: string;
  readonly pruned: { readonly ticks: readonly number[]; readonly paths: readonly string[]; readonly bytes: number };
  readonly kept: { readonly ticks: readonly number[]; readonly records: number; readonly bytes: number };
  /** Tick artifacts pruned by earlier calls. */
  readonly earlier: number;
}

const FN = 'pruneRun';
const OPTIONS = optionKeys<PruneRunOptions>({ artifactsDir: true, store: true, runId: true, keepLastTicks: true, maxBytes: true });

/**
 * Prunes the oldest tick artifacts of run `runId`. At least one of `keepLastTicks` and `maxBytes`
 * must be given; with both, a tick is pruned when either asks for it.
 *
 * @example
 * ```ts
 * const r = await pruneRun({ artifactsDir: './artifacts', runId: 'RUN-001', keepLastTicks: 100 });
 * console.log(r.pruned.ticks.length, r.kept.bytes);
 * ```
 */
export async function pruneRun(options: PruneRunOptions): Promise<PruneRunResult> {
  requirePlainObject(FN, 'options', options);
  requireKnownKeys(FN, options, OPTIONS);
  const { keepLastTicks, maxBytes } = options;
  if (keepLastTicks === undefined && maxBytes === undefined) {
    throw new RuntimeValidationError(FN, 'options', 'must give keepLastTicks, maxBytes or both: otherwise nothing is to be pruned');
  }
  if (keepLastTicks !== undefined) requireTick(FN, 'keepLastTicks', keepLastTicks);
  if (maxBytes !== undefined) requireTick(FN, 'maxBytes', maxBytes);
  const at = locateRun(FN, options.artifactsDir, options.store, options.runId);
  try {
    const store = requirePruning(at.store);
    const { manifest, root_hash } = await store.readManifest(at.runId);
    const earlier = await store.prunedPaths(at.runId);
    // Tick artifacts by tick, ascending (the manifest is sorted by tick).
    const byTick = new Map<number, ManifestRecord[]>();
    for (const r of manifest.records) {
      if (!PRUNABLE.has(r.kind)) continue;
      const list = byTick.get(r.tick) ?? [];
      list.push(r);
      byTick.set(r.tick, list);
    }
    const ticks = [...byTick.keys()];
    const live = (tick: number): ManifestRecord[] => (byTick.get(tick) ?? []).filter((r) => !earlier.has(r.path));
    const bytesOf = (rs: readonly ManifestRecord[]): number => rs.reduce((sum, r) => sum + r.bytes, 0);
    let left = ticks.reduce((sum, t) => sum + bytesOf(live(t)), 0);
    const pruneTicks: number[] = [];
    const firstKept = keepLastTicks === undefined ? 0 : Math.max(0, ticks.length - keepLastTicks);
    for (const [i, tick] of ticks.entries()) {
      const overBudget = maxBytes !== undefined && left > maxBytes;
      if (i >= firstKept && !overBudget) break;
      const rs = live(tick);
      if (rs.length > 0) pruneTicks.push(tick);
      left -= bytesOf(rs);
    }
    const paths = pruneTicks.flatMap((t) => live(t).map((r) => r.path));
    if (paths.length > 0) await store.pruneRecords(at.runId, paths);
    const pruned = new Set(paths);
    const keptRecords = ticks.flatMap((t) => live(t)).filter((r) => !pruned.has(r.path));
    return {
      run_id: at.runId,
      root_hash,
      pruned: { ticks: pruneTicks, paths, bytes: bytesOf(pruneTicks.flatMap((t) => live(t))) },
      kept: { ticks: [...new Set(keptRecords.map((r) => r.tick))], records: keptRecords.length, bytes: bytesOf(keptRecords) },
      earlier: earlier.size,
    };
  } finally {
    if (options.store === undefined) await at.store.close();
  }
}

type PruningStore = ArtifactStore & Required<Pick<ArtifactStore, 'pruneRecords' | 'prunedPaths'>>;

function requirePruning(store: ArtifactStore): PruningStore {
  if (typeof store.pruneRecords !== 'function' || typeof store.prunedPaths !== 'function') {
    throw new RuntimeValidationError(FN, 'store', 'must support retention (pruneRecords and prunedPaths of the storage contract)');
  }
  return store as PruningStore;
}

/**
 * `pruneRun`: retention for a run. Deletes the tick artifacts (TrendPacks, RunIndexes and
 * ResultsPacks) of the oldest ticks — those older than the last `keepLastTicks`, and as many more
 * of the oldest as it takes to bring the run's remaining tick artifacts under `maxBytes` — through the store's
 * `pruneRecords`, as one atomic call: `pruneTicks` of @abraxas/artifacts with the runtime's tick
 * kinds. The choice depends on the run's records alone (deterministic).
 * Never pruned: the manifest and the journal (not records), promotion decision records (the
 * promotion replay and the next tick need them), stability records and any other kind.
 * Owns: choosing what to prune. Must not: delete anything itself.
 */
import { pruneTicks, type ArtifactStore, type PruneTicksResult } from '@abraxas/artifacts';
import { RuntimeValidationError } from '../errors.js';
import { optionKeys, requireKnownKeys } from '../option-keys.js';
import { RESULTS_KIND } from '../records/results-pack.js';
import { RUN_INDEX_KIND } from '../records/run-index.js';
import { TRENDPACK_KIND } from '../records/trendpack.js';
import { locateRun, type RunLocation } from '../run-location.js';
import { requirePlainObject, requireTick } from '../validate.js';

/** The record kinds `pruneRun` may delete: a tick's TrendPack, RunIndex and ResultsPack. */
const PRUNABLE: readonly string[] = [TRENDPACK_KIND, RUN_INDEX_KIND, RESULTS_KIND];

export interface PruneRunOptions extends RunLocation {
  /** Keep the tick artifacts of the last this many ticks (prune every older tick's). */
  readonly keepLastTicks?: number;
  /** Prune the oldest ticks' artifacts until those left take at most this many bytes. */
  readonly maxBytes?: number;
}

/** What `pruneRun` pruned now and what it kept (of the tick artifacts): `pruneTicks`' result. */
export type PruneRunResult = PruneTicksResult;

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
    // The choice itself is kind-agnostic retention of @abraxas/artifacts; the runtime names its tick artifacts.
    return await pruneTicks(store, at.runId, {
      kinds: PRUNABLE,
      ...(keepLastTicks === undefined ? {} : { keepLastTicks }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
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

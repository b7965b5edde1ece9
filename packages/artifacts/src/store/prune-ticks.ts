/**
 * `pruneTicks(store, runId, { kinds, keepLastTicks?, maxBytes? })`: kind-agnostic retention. Of the
 * records of the kinds the caller names (the run's per-tick artifacts: which kinds those are is
 * the caller's knowledge, never this package's), those of the oldest ticks go — every tick older
 * than the last `keepLastTicks`, and as many more of the oldest as it takes to bring the rest under
 * `maxBytes` — through the store's `pruneRecords`, as one atomic call. Records of any other kind are
 * never touched. The choice depends on the run's records alone (deterministic), read in one pass
 * of `iterateRecords`.
 * Owns: choosing the oldest ticks' records to prune. Must not: know what any kind holds.
 */
import { ArtifactValidationError } from '../errors.js';
import { ManifestRootBuilder } from '../manifest-proof.js';
import type { ManifestRecord } from '../records.js';
import { requireKind, requireKnownKeys, requirePlainObject, requireRunId, requireTick } from '../validate.js';
import type { ArtifactStore } from './contract.js';
import { iterateRecords } from './iterate-records.js';

/** Options of `pruneTicks`: the kinds that may be pruned, and at least one of the two rules. */
export interface PruneTicksOptions {
  /** The record kinds that may be pruned (a run's per-tick artifacts); at least one, distinct. */
  readonly kinds: readonly string[];
  /** Keep the records of the last this many ticks that have any (prune every older tick's). */
  readonly keepLastTicks?: number;
  /** Prune the oldest ticks' records until those left take at most this many bytes. */
  readonly maxBytes?: number;
}

/** What `pruneTicks` pruned now and what it kept, of the records of the named kinds. */
export interface PruneTicksResult {
  readonly run_id: string;
  /** The run's Merkle root: the same before and after (pruned records stay listed). */
  readonly root_hash: string;
  readonly pruned: { readonly ticks: readonly number[]; readonly paths: readonly string[]; readonly bytes: number };
  readonly kept: { readonly ticks: readonly number[]; readonly records: number; readonly bytes: number };
  /** Records of those kinds pruned by earlier calls. */
  readonly earlier: number;
}

const FN = 'pruneTicks';
const OPTIONS: readonly string[] = ['kinds', 'keepLastTicks', 'maxBytes'];

type PruningStore = ArtifactStore & Required<Pick<ArtifactStore, 'pruneRecords' | 'prunedPaths'>>;

/**
 * Prunes the oldest ticks' records of `options.kinds` in run `runId`. With both rules, a tick is
 * pruned when either asks for it. `ArtifactValidationError` for bad options or a store without
 * retention, `ArtifactNotFoundError` for a run the store does not have; nothing is pruned then.
 *
 * @example
 * ```ts
 * const r = await pruneTicks(store, 'RUN-001', { kinds: ['trendpack', 'runindex'], keepLastTicks: 100 });
 * r.pruned.ticks; // every tick but the last 100 that had records of those kinds
 * ```
 */
export async function pruneTicks(store: ArtifactStore, runId: string, options: PruneTicksOptions): Promise<PruneTicksResult> {
  requireRunId(FN, 'runId', runId);
  requirePlainObject(FN, 'options', options);
  requireKnownKeys(FN, 'options', options, OPTIONS);
  const { kinds, keepLastTicks, maxBytes } = options;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new ArtifactValidationError(FN, 'options.kinds', 'must be a non-empty array of record kinds', kinds);
  // Every index, holes included (forEach would skip a hole and let it through).
  for (let i = 0; i < kinds.length; i++) requireKind(FN, `options.kinds[${String(i)}]`, kinds[i]);
  if (new Set(kinds).size !== kinds.length) throw new ArtifactValidationError(FN, 'options.kinds', 'must not name a kind twice', kinds);
  if (keepLastTicks === undefined && maxBytes === undefined) {
    throw new ArtifactValidationError(FN, 'options', 'must give keepLastTicks, maxBytes or both: otherwise nothing is to be pruned');
  }
  if (keepLastTicks !== undefined) requireTick(FN, 'options.keepLastTicks', keepLastTicks);
  if (maxBytes !== undefined) requireTick(FN, 'options.maxBytes', maxBytes);
  const pruning = requirePruning(store);
  const prunable = new Set(kinds);
  const earlier = await pruning.prunedPaths(runId);
  // The records of those kinds by tick, ascending (records come sorted by tick), and the run's root.
  const root = new ManifestRootBuilder(runId);
  const byTick = new Map<number, ManifestRecord[]>();
  for await (const r of iterateRecords(pruning, runId)) {
    root.add(r);
    if (!prunable.has(r.kind)) continue;
    const list = byTick.get(r.tick) ?? [];
    list.push(r);
    byTick.set(r.tick, list);
  }
  const ticks = [...byTick.keys()];
  const live = (tick: number): ManifestRecord[] => (byTick.get(tick) ?? []).filter((r) => !earlier.has(r.path));
  const bytesOf = (rs: readonly ManifestRecord[]): number => rs.reduce((sum, r) => sum + r.bytes, 0);
  let left = ticks.reduce((sum, t) => sum + bytesOf(live(t)), 0);
  const pruneTicksList: number[] = [];
  const firstKept = keepLastTicks === undefined ? 0 : Math.max(0, ticks.length - keepLastTicks);
  for (const [i, tick] of ticks.entries()) {
    const overBudget = maxBytes !== undefined && left > maxBytes;
    if (i >= firstKept && !overBudget) break;
    const rs = live(tick);
    if (rs.length > 0) pruneTicksList.push(tick);
    left -= bytesOf(rs);
  }
  const paths = pruneTicksList.flatMap((t) => live(t).map((r) => r.path));
  if (paths.length > 0) await pruning.pruneRecords(runId, paths);
  const pruned = new Set(paths);
  const keptRecords = ticks.flatMap((t) => live(t)).filter((r) => !pruned.has(r.path));
  let earlierOfKinds = 0;
  for (const t of ticks) for (const r of byTick.get(t) ?? []) if (earlier.has(r.path)) earlierOfKinds++;
  return {
    run_id: runId,
    root_hash: root.rootHash(),
    pruned: { ticks: pruneTicksList, paths, bytes: bytesOf(pruneTicksList.flatMap((t) => live(t))) },
    kept: { ticks: [...new Set(keptRecords.map((r) => r.tick))], records: keptRecords.length, bytes: bytesOf(keptRecords) },
    earlier: earlierOfKinds,
  };
}

function requirePruning(store: ArtifactStore): PruningStore {
  if (typeof store.pruneRecords !== 'function' || typeof store.prunedPaths !== 'function') {
    throw new ArtifactValidationError(FN, 'store', 'must support retention (pruneRecords and prunedPaths of the storage contract)');
  }
  return store as PruningStore;
}

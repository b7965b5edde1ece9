/**
 * `queryRun`: a run's ticks (refs, hashes, TrendPack stats), filtered by range and by errors or
 * skips, answered from its manifest and hash-checked RunIndexes without opening TrendPacks.
 * Owns: the Run Index query. Must not: write anything.
 */
import { manifestRootHash, type ManifestRecord } from '@abraxas/artifacts';
import type { TrendPackStats } from '@abraxas/viz';
import { RunIndexCorruptError, RuntimeValidationError } from './errors.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { readStats, RUN_INDEX_KIND } from './records/run-index.js';
import { TRENDPACK_KIND } from './records/trendpack.js';
import { readSealedJson } from './sealed-json.js';
import { locateRun, type LocatedRun, type RunLocation } from './run-location.js';
import { isPlainObject, requirePlainObject, requireTick } from './validate.js';

/** Which ticks `queryRun` keeps beyond the range: those with errors, with skips, or with either. */
export type RunQueryFilter = 'errors' | 'skips' | 'errors_or_skips';

export interface QueryRunOptions {
  /** First tick to include (inclusive). */
  readonly fromTick?: number;
  /** Last tick to include (inclusive). */
  readonly toTick?: number;
  /** Keep only ticks whose TrendPack records an error, a skip, or either. */
  readonly only?: RunQueryFilter;
}

/** One tick of a run, as its index describes it. */
export interface RunQueryTick {
  readonly tick: number;
  readonly mode: string;
  /** Paths relative to the artifacts folder, `/`-separated. */
  readonly refs: { readonly trendpack: string; readonly runindex: string };
  /** The same files as paths that open (the artifacts folder joined with `refs`). */
  readonly paths: { readonly trendpack: string; readonly runindex: string };
  readonly hashes: { readonly trendpack_sha256: string; readonly runindex_sha256: string };
  /** The TrendPack's stats (errors, skipped, event counts). */
  readonly stats: TrendPackStats;
}

export interface RunQueryResult {
  readonly run_id: string;
  /** The run's root hash over its whole manifest (`manifestRootHash`), whatever the filter. */
  readonly root_hash: string;
  /** The matching ticks, ascending. */
  readonly ticks: readonly RunQueryTick[];
  /**
   * Ticks in range with a sealed TrendPack but no RunIndex: a tick interrupted between its two
   * writes. Running the tick again completes it.
   */
  readonly incomplete: readonly number[];
  /** Ticks in range whose RunIndex was pruned (`pruneRun`): listed in the manifest, their files deleted. */
  readonly pruned: readonly number[];
}

const FN = 'queryRun';
const FILTERS: readonly RunQueryFilter[] = ['errors', 'skips', 'errors_or_skips'];

const QUERY_RUN_OPTIONS = optionKeys<QueryRunOptions>({ fromTick: true, toTick: true, only: true });
const QUERY_RUN_LOCATED_OPTIONS = optionKeys<RunLocation & QueryRunOptions>({ artifactsDir: true, store: true, runId: true, fromTick: true, toTick: true, only: true });

/**
 * Queries a run's ticks from its index.
 *
 * @example
 * ```ts
 * const q = await queryRun({ artifactsDir: './artifacts', runId: 'RUN-001', only: 'errors' });
 * for (const t of q.ticks) console.log(t.tick, t.stats.errors, t.paths.trendpack);
 * ```
 *
 * Throws `RuntimeValidationError` on bad arguments, `ArtifactNotFoundError` when the run has no
 * manifest, and `RunIndexCorruptError` when a RunIndex (or a TrendPack it falls back to) does not
 * match its sealed hash or contradicts the manifest.
 */
export async function queryRun(options: RunLocation & QueryRunOptions): Promise<RunQueryResult>;
/** The earlier positional form, kept for existing callers (deprecated: pass `{ artifactsDir, runId, ...filter }`). */
export async function queryRun(artifactsDir: string, runId: string, options?: QueryRunOptions): Promise<RunQueryResult>;
export async function queryRun(first: (RunLocation & QueryRunOptions) | string, second?: string, third: QueryRunOptions = {}): Promise<RunQueryResult> {
  // The options object names its fields plainly; the deprecated positional form keeps `options.`.
  const positional = typeof first === 'string';
  const prefix = positional ? 'options.' : '';
  let artifactsDir: unknown;
  let store: unknown;
  let runId: unknown;
  let filter: unknown;
  if (positional) {
    artifactsDir = first;
    runId = second;
    filter = third;
  } else {
    requirePlainObject(FN, 'options', first);
    requireKnownKeys(FN, first, QUERY_RUN_LOCATED_OPTIONS);
    ({ artifactsDir, store, runId } = first);
    filter = first;
  }
  const at = locateRun(FN, artifactsDir, store, runId);
  requirePlainObject(FN, 'options', filter);
  if (positional) requireKnownKeys(FN, filter, QUERY_RUN_OPTIONS, prefix);
  const { fromTick, toTick, only } = filter as QueryRunOptions;
  if (fromTick !== undefined) requireTick(FN, `${prefix}fromTick`, fromTick);
  if (toTick !== undefined) requireTick(FN, `${prefix}toTick`, toTick);
  if (fromTick !== undefined && toTick !== undefined && toTick < fromTick) {
    throw new RuntimeValidationError(FN, `${prefix}toTick`, `must be at least ${prefix}fromTick (${fromTick})`, toTick);
  }
  if (only !== undefined && !(FILTERS as readonly unknown[]).includes(only)) {
    throw new RuntimeValidationError(FN, `${prefix}only`, `must be one of ${FILTERS.map((f) => `'${f}'`).join(', ')}`, only);
  }

  const manifest = await at.manifest();
  const byPath = new Map(manifest.records.map((r) => [r.path, r]));
  const perTick = new Map<number, { trendpack: ManifestRecord | null; runindex: ManifestRecord | null }>();
  for (const r of manifest.records) {
    if (fromTick !== undefined && r.tick < fromTick) continue;
    if (toTick !== undefined && r.tick > toTick) continue;
    if (r.kind !== TRENDPACK_KIND && r.kind !== RUN_INDEX_KIND) continue;
    let entry = perTick.get(r.tick);
    if (entry === undefined) {
      entry = { trendpack: null, runindex: null };
      perTick.set(r.tick, entry);
    }
    if (r.kind === TRENDPACK_KIND) entry.trendpack = r;
    else entry.runindex = r;
  }

  const prunedPaths = (await at.store.prunedPaths?.(at.runId)) ?? new Set<string>();
  const ticks: RunQueryTick[] = [];
  const incomplete: number[] = [];
  const pruned: number[] = [];
  // Manifest records are sorted by tick, so the map's insertion order is ascending.
  for (const [tick, entry] of perTick) {
    if (entry.runindex === null) {
      if (entry.trendpack !== null) incomplete.push(tick);
      continue;
    }
    if (prunedPaths.has(entry.runindex.path)) {
      pruned.push(tick);
      continue;
    }
    const t = await readTick(at, tick, entry.runindex, byPath);
    if (keep(t.stats, only)) ticks.push(t);
  }
  return { run_id: at.runId, root_hash: manifestRootHash(manifest), ticks, incomplete, pruned };
}

function keep(stats: TrendPackStats, only: RunQueryFilter | undefined): boolean {
  switch (only) {
    case undefined:
      return true;
    case 'errors':
      return stats.errors > 0;
    case 'skips':
      return stats.skipped > 0;
    case 'errors_or_skips':
      return stats.errors > 0 || stats.skipped > 0;
  }
}

async function readTick(
  at: LocatedRun,
  tick: number,
  ri: ManifestRecord,
  byPath: ReadonlyMap<string, ManifestRecord>,
): Promise<RunQueryTick> {
  const { runId } = at;
  const doc = await readSealed(at, ri);
  const bad = (detail: string): RunIndexCorruptError => new RunIndexCorruptError(FN, ri.path, detail);
  if (!isPlainObject(doc) || doc.run_id !== runId || doc.tick !== tick) {
    throw bad(`is not the RunIndex of run ${JSON.stringify(runId)} tick ${tick}`);
  }
  const refs = doc.refs;
  const hashes = doc.hashes;
  const provenance = doc.provenance;
  if (!isPlainObject(refs) || typeof refs.trendpack !== 'string' || !isPlainObject(hashes) || !isPlainObject(provenance)) {
    throw bad('has no refs.trendpack, hashes or provenance');
  }
  const tp = byPath.get(refs.trendpack);
  if (tp?.kind !== TRENDPACK_KIND || tp.tick !== tick) {
    throw bad(`refs.trendpack ${JSON.stringify(refs.trendpack)} is not a TrendPack of tick ${tick} listed in the manifest`);
  }
  if (hashes.trendpack_sha256 !== tp.sha256) {
    throw bad(`hashes.trendpack_sha256 does not match the manifest's ${tp.sha256}`);
  }
  if (typeof provenance.mode !== 'string') throw bad('has no provenance.mode');
  const stats = readStats(doc) ?? readStats(await readSealed(at, tp));
  if (stats === null) throw new RunIndexCorruptError(FN, tp.path, 'has no valid stats');
  return {
    tick,
    mode: provenance.mode,
    refs: { trendpack: tp.path, runindex: ri.path },
    paths: { trendpack: at.pathOf(tp.path), runindex: at.pathOf(ri.path) },
    hashes: { trendpack_sha256: tp.sha256, runindex_sha256: ri.sha256 },
    stats,
  };
}

/** A listed record's parsed JSON, hash-checked by the store. */
function readSealed(at: LocatedRun, r: ManifestRecord): Promise<unknown> {
  return readSealedJson(at.store, at.runId, r, (detail) => new RunIndexCorruptError(FN, r.path, detail));
}

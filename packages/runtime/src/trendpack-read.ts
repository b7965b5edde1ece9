/**
 * Reading a run's TrendPacks back: `readTrendPack` (one tick) and `iterateTicks` (every tick in a
 * range, one at a time). Each TrendPack is found through the run's records (streamed, never the
 * whole manifest), its bytes checked
 * against the sealed size and SHA-256, and its content validated as a TrendPack of that run and tick.
 * Owns: TrendPack reads. Must not: write anything, or hold more than one TrendPack at a time.
 */
import { ArtifactNotFoundError, type ArtifactStore, type ManifestRecord } from '@abraxas/artifacts';
import { validateTrendPack, VizValidationError, type TrendPack } from '@abraxas/viz';
import { TRENDPACK_KIND } from './records/trendpack.js';
import { RuntimeValidationError, TrendPackCorruptError } from './errors.js';
import { optionKeys } from './option-keys.js';
import { locateRunOptions, type RunLocation } from './run-location.js';
import { readSealedJson } from './sealed-json.js';
import { requireTick } from './validate.js';

/** Options of `readTrendPack`. */
export interface ReadTrendPackOptions extends RunLocation {
  /** The tick: a non-negative safe integer. */
  readonly tick: number;
}

/** Options of `iterateTicks`: the run, and an optional inclusive tick range. */
export interface IterateTicksOptions extends RunLocation {
  readonly fromTick?: number;
  readonly toTick?: number;
}

const READ_TRENDPACK_OPTIONS = optionKeys<ReadTrendPackOptions>({ artifactsDir: true, store: true, runId: true, tick: true });
const ITERATE_TICKS_OPTIONS = optionKeys<IterateTicksOptions>({ artifactsDir: true, store: true, runId: true, fromTick: true, toTick: true });

/** One tick of a run as `iterateTicks` yields it. */
export interface RunTick {
  readonly tick: number;
  /** The TrendPack's path relative to the artifacts folder, and its sealed SHA-256. */
  readonly ref: string;
  readonly sha256: string;
  readonly trendpack: TrendPack;
}

/**
 * The TrendPack of one tick of a run, hash-checked against the run's manifest and schema-validated.
 * Throws `RuntimeValidationError` on bad options, `ArtifactNotFoundError` when the run has no
 * manifest or no TrendPack for the tick, `TrendPackCorruptError` when the file does not match.
 *
 * @example
 * ```ts
 * const tp = await readTrendPack({ artifactsDir: './artifacts', runId: 'RUN-001', tick: 0 });
 * tp.stats.errors; // 0
 * ```
 */
export async function readTrendPack(options: ReadTrendPackOptions): Promise<TrendPack> {
  const fn = 'readTrendPack';
  const at = locateRunOptions(fn, options, READ_TRENDPACK_OPTIONS);
  const { runId } = at;
  requireTick(fn, 'tick', options.tick);
  const { tick } = options;
  let record: ManifestRecord | undefined;
  for await (const r of at.records({ fromTick: tick, toTick: tick })) {
    if (r.kind === TRENDPACK_KIND) {
      record = r;
      break;
    }
  }
  if (record === undefined) {
    throw new ArtifactNotFoundError(fn, 'tick', `${tick} has no TrendPack in run ${JSON.stringify(runId)}`);
  }
  return readSealedTrendPack(fn, at.store, runId, record);
}

/**
 * The run's ticks in ascending order, each with its TrendPack (hash-checked and validated as in
 * `readTrendPack`), read one at a time as the loop asks from one snapshot of the run's records:
 * memory holds one TrendPack, a chunk of the manifest and the set of pruned paths, never the whole
 * manifest (on a store with `iterateRecords`, as both stores of this project have).
 * Throws (on the first `next()`) as `readTrendPack` does.
 *
 * @example
 * ```ts
 * for await (const t of iterateTicks({ artifactsDir: './artifacts', runId: 'RUN-001' })) {
 *   console.log(t.tick, t.trendpack.stats.errors);
 * }
 * ```
 */
export async function* iterateTicks(options: IterateTicksOptions): AsyncGenerator<RunTick, void, undefined> {
  const fn = 'iterateTicks';
  const at = locateRunOptions(fn, options, ITERATE_TICKS_OPTIONS);
  const { runId } = at;
  const { fromTick, toTick } = options;
  if (fromTick !== undefined) requireTick(fn, 'fromTick', fromTick);
  if (toTick !== undefined) requireTick(fn, 'toTick', toTick);
  if (fromTick !== undefined && toTick !== undefined && toTick < fromTick) {
    throw new RuntimeValidationError(fn, 'toTick', `must be at least fromTick (${fromTick})`, toTick);
  }
  const range = { ...(fromTick === undefined ? {} : { fromTick }), ...(toTick === undefined ? {} : { toTick }) };
  // Pruned ticks (retention) are passed over: their TrendPacks stay listed, their files are gone.
  const pruned = (await at.store.prunedPaths?.(runId)) ?? new Set<string>();
  // Manifest records come sorted by tick, one at a time from one snapshot of the run.
  for await (const record of at.records(range)) {
    if (record.kind !== TRENDPACK_KIND || pruned.has(record.path)) continue;
    const trendpack = await readSealedTrendPack(fn, at.store, runId, record);
    yield { tick: record.tick, ref: record.path, sha256: record.sha256, trendpack };
  }
}

async function readSealedTrendPack(fn: string, store: ArtifactStore, runId: string, r: ManifestRecord): Promise<TrendPack> {
  const bad = (detail: string): TrendPackCorruptError => new TrendPackCorruptError(fn, r.path, detail);
  const doc = await readSealedJson(store, runId, r, bad);
  let trendpack: TrendPack;
  try {
    trendpack = validateTrendPack(doc);
  } catch (err) {
    if (err instanceof VizValidationError) throw bad(`is not a valid TrendPack: ${err.message}`);
    throw err;
  }
  if (trendpack.run_id !== runId || trendpack.tick !== r.tick) throw bad(`is not the TrendPack of run ${JSON.stringify(runId)} tick ${r.tick}`);
  return trendpack;
}

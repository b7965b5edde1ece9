/**
 * `iterateRunRecords`: a run's records (the manifest's listing of each: tick, kind, schema, path,
 * SHA-256, size) in manifest order, one at a time from one snapshot of the run, optionally of one
 * kind and a tick range. Memory does not grow with the run on a store with `iterateRecords`.
 * Owns: the runtime's record iteration and its options. Must not: read records' bytes or write.
 */
import type { ManifestRecord } from '@abraxas/artifacts';
import { RuntimeValidationError } from './errors.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { RECORD_KINDS } from './record-kinds.js';
import { locateRun, type RunLocation } from './run-location.js';
import { requirePlainObject, requireText, requireTick } from './validate.js';

/** Options of `iterateRunRecords`: the run, an optional inclusive tick range and an optional kind. */
export interface IterateRunRecordsOptions extends RunLocation {
  readonly fromTick?: number;
  readonly toTick?: number;
  /** Only records of this kind: one of `RECORD_KINDS`' kinds (`'trendpack'`, `'runindex'`, …). */
  readonly kind?: string;
}

const FN = 'iterateRunRecords';
const KINDS: readonly string[] = Object.values(RECORD_KINDS).map((k) => k.kind);
const KINDS_RULE = `must be one of the runtime's record kinds (${KINDS.map((k) => `'${k}'`).join(', ')})`;
const OPTIONS = optionKeys<IterateRunRecordsOptions>({ artifactsDir: true, store: true, runId: true, fromTick: true, toTick: true, kind: true });

/**
 * The run's records in `(tick, kind, schema, path)` order, as listed when the loop started (a
 * batch committed meanwhile is not seen; pruned records are listed too). Throws (on the first
 * `next()`) `RuntimeValidationError` on bad options and `ArtifactNotFoundError` when the run has
 * no records.
 *
 * @example
 * ```ts
 * for await (const r of iterateRunRecords({ artifactsDir: './artifacts', runId: 'RUN-001', kind: 'runindex' })) {
 *   console.log(r.tick, r.path, r.sha256);
 * }
 * ```
 */
export async function* iterateRunRecords(options: IterateRunRecordsOptions): AsyncGenerator<ManifestRecord, void, undefined> {
  requirePlainObject(FN, 'options', options);
  requireKnownKeys(FN, options, OPTIONS);
  const { fromTick, toTick, kind } = options;
  if (fromTick !== undefined) requireTick(FN, 'fromTick', fromTick);
  if (toTick !== undefined) requireTick(FN, 'toTick', toTick);
  if (fromTick !== undefined && toTick !== undefined && toTick < fromTick) {
    throw new RuntimeValidationError(FN, 'toTick', `must be at least fromTick (${String(fromTick)})`, toTick);
  }
  if (kind !== undefined) {
    requireText(FN, 'kind', kind);
    if (!KINDS.includes(kind)) throw new RuntimeValidationError(FN, 'kind', KINDS_RULE, kind);
  }
  const at = locateRun(FN, options.artifactsDir, options.store, options.runId);
  const range = { ...(fromTick === undefined ? {} : { fromTick }), ...(toTick === undefined ? {} : { toTick }) };
  for await (const r of at.records(range)) if (kind === undefined || r.kind === kind) yield r;
}

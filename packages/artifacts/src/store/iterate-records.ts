/**
 * `iterateRecords(store, runId, range)`: a run's records in manifest order, one at a time, through
 * the store's own `iterateRecords` when it has one (constant memory), else from `listRecords`.
 * Owns: the range's validation and the listing fallback. Must not: do IO of its own.
 */
import { ArtifactValidationError } from '../errors.js';
import type { ManifestRecord } from '../records.js';
import { requirePlainObject, requireRunId, requireTick } from '../validate.js';
import type { ArtifactStore, RecordRange } from './contract.js';

/** Checks `runId` and the optional `range` for `fn`: non-negative safe integer ticks, `fromTick <= toTick`. */
export function requireRecordRange(fn: string, runId: unknown, range: unknown): asserts range is RecordRange | undefined {
  requireRunId(fn, 'runId', runId);
  if (range === undefined) return;
  requirePlainObject(fn, 'range', range);
  for (const key of Object.keys(range)) {
    if (key !== 'fromTick' && key !== 'toTick') throw new ArtifactValidationError(fn, `range.${key}`, 'is not a field of the range (fromTick, toTick)');
  }
  if (range.fromTick !== undefined) requireTick(fn, 'range.fromTick', range.fromTick);
  if (range.toTick !== undefined) requireTick(fn, 'range.toTick', range.toTick);
  if (range.fromTick !== undefined && range.toTick !== undefined && range.toTick < range.fromTick) {
    throw new ArtifactValidationError(fn, 'range.toTick', `must be at least range.fromTick (${String(range.fromTick)})`, range.toTick);
  }
}

/** True when `record` lies before the range (`fromTick`). */
export function beforeRange(record: ManifestRecord, range: RecordRange | undefined): boolean {
  return range?.fromTick !== undefined && record.tick < range.fromTick;
}

/** True when `record` lies after the range (`toTick`): in manifest order, nothing after it is in range either. */
export function afterRange(record: ManifestRecord, range: RecordRange | undefined): boolean {
  return range?.toTick !== undefined && record.tick > range.toTick;
}

/**
 * The records of run `runId` with `range.fromTick <= tick <= range.toTick`, in manifest order, from
 * one snapshot of the run (see `ArtifactStore.iterateRecords`). With a store that has
 * `iterateRecords` memory does not grow with the run; without, the run is listed first.
 * `ArtifactValidationError` for a bad argument and `ArtifactNotFoundError` for a run that does not
 * exist, both from the first `next()`.
 *
 * @example
 * ```ts
 * for await (const r of iterateRecords(store, 'RUN-001', { fromTick: 10 })) console.log(r.tick, r.path);
 * ```
 */
export async function* iterateRecords(store: ArtifactStore, runId: string, range?: RecordRange): AsyncGenerator<ManifestRecord, void, undefined> {
  requireRecordRange('iterateRecords', runId, range);
  if (store.iterateRecords !== undefined) {
    yield* store.iterateRecords(runId, range);
    return;
  }
  for (const r of await store.listRecords(runId)) {
    if (afterRange(r, range)) return;
    if (!beforeRange(r, range)) yield r;
  }
}

/**
 * `latestRecord(store, runId, query)`: the last record of a kind (below a tick) in a run's manifest
 * order, through the store's own `latestRecord` when it has one (cheap), else by listing the run.
 * Owns: the query's validation and the listing fallback. Must not: do IO of its own.
 */
import { ArtifactValidationError } from '../errors.js';
import type { ManifestRecord } from '../records.js';
import { requireKind, requirePlainObject, requireRunId, requireTick } from '../validate.js';
import type { ArtifactStore, LatestRecordQuery, SealedRecord } from './contract.js';

/** Checks `runId` and `query` for `fn`: a kind, and an optional non-negative safe integer `beforeTick`. */
export function requireLatestQuery(fn: string, runId: unknown, query: unknown): asserts query is LatestRecordQuery {
  requireRunId(fn, 'runId', runId);
  requirePlainObject(fn, 'query', query);
  for (const key of Object.keys(query)) {
    if (key !== 'kind' && key !== 'beforeTick') throw new ArtifactValidationError(fn, `query.${key}`, 'is not a field of the query (kind, beforeTick)');
  }
  requireKind(fn, 'query.kind', query.kind);
  if (query.beforeTick !== undefined) requireTick(fn, 'query.beforeTick', query.beforeTick);
}

/** The last of `records` (in manifest order) that matches `query`, or null. */
export function lastMatching(records: readonly ManifestRecord[], query: LatestRecordQuery): ManifestRecord | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as ManifestRecord;
    if (r.kind === query.kind && (query.beforeTick === undefined || r.tick < query.beforeTick)) return r;
  }
  return null;
}

/**
 * The last record of `query.kind` (with `tick < query.beforeTick` when given) in the run's manifest
 * order, its bytes checked against its sealed size and SHA-256; null when none matches.
 * `ArtifactNotFoundError` when the run does not exist; `ArtifactValidationError` for a bad query.
 *
 * @example
 * ```ts
 * const last = await latestRecord(store, 'RUN-001', { kind: 'promotion', beforeTick: 10 });
 * last?.record.tick; // the greatest tick below 10 with a promotion record
 * ```
 */
export async function latestRecord(store: ArtifactStore, runId: string, query: LatestRecordQuery): Promise<SealedRecord | null> {
  const fn = 'latestRecord';
  requireLatestQuery(fn, runId, query);
  if (store.latestRecord !== undefined) return store.latestRecord(runId, query);
  const found = lastMatching(await store.listRecords(runId), query);
  return found === null ? null : store.readRecord(runId, found.path);
}

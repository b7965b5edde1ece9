/**
 * `prepareBatch`: validates a batch for a backend and turns it into the canonical bytes, SHA-256
 * and manifest records every backend stores, before anything is sent or written.
 * Owns: batch validation and the bytes of a record. Must not: do IO.
 */
import { sha256HexOf } from '../digest.js';
import { ArtifactValidationError } from '../errors.js';
import { makeManifestRecord, recordJson, type ManifestRecord } from '../records.js';
import {
  jsonBytesOf,
  requireExtra,
  requireKind,
  requirePlainObject,
  requireRelPath,
  requireRunId,
  requireSchemaName,
  requireTick,
} from '../validate.js';
import type { StoreWrite } from './contract.js';

/** One validated record of a batch. */
export interface PreparedRecord {
  /** The record as the manifest lists it. */
  readonly record: ManifestRecord;
  /** Its canonical JSON text (one Merkle leaf, one journal line). */
  readonly recordJson: string;
  /** The canonical JSON bytes of the item's `obj`. */
  readonly bytes: Uint8Array;
}

/** A validated batch: one run, distinct paths, in the items' order. */
export interface PreparedBatch {
  readonly runId: string;
  readonly records: readonly PreparedRecord[];
}

/**
 * Validates `items` as a batch of `fn` (a non-empty array of writes of one run with distinct
 * `relPath`s, each following the naming rules) and prepares its records; throws an
 * `ArtifactValidationError` naming `fn` and the field (`items[i].…`) otherwise.
 */
export function prepareBatch(fn: string, items: readonly StoreWrite[]): PreparedBatch {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ArtifactValidationError(fn, 'items', 'must be a non-empty array of writes', items);
  }
  const records: PreparedRecord[] = [];
  const seen = new Set<string>();
  let runId = '';
  // Every index, holes included (forEach would skip a hole and let it through).
  for (let i = 0; i < items.length; i++) {
    const o = items[i] as StoreWrite;
    const at = `items[${String(i)}]`;
    requirePlainObject(fn, at, o);
    requireRunId(fn, `${at}.runId`, o.runId);
    if (i === 0) runId = o.runId;
    else if (o.runId !== runId) {
      throw new ArtifactValidationError(fn, `${at}.runId`, `must be the run of items[0] (${JSON.stringify(runId)}): a batch writes one run`, o.runId);
    }
    requireTick(fn, `${at}.tick`, o.tick);
    requireKind(fn, `${at}.kind`, o.kind);
    requireSchemaName(fn, `${at}.schema`, o.schema);
    requireRelPath(fn, `${at}.relPath`, o.relPath, o.runId);
    if (seen.has(o.relPath)) {
      throw new ArtifactValidationError(fn, `${at}.relPath`, 'must differ from the relPath of every earlier item of the batch', o.relPath);
    }
    seen.add(o.relPath);
    requireExtra(fn, `${at}.extra`, o.extra);
    const bytes = jsonBytesOf(fn, `${at}.obj`, o.obj);
    const record = makeManifestRecord({
      tick: o.tick,
      kind: o.kind,
      schema: o.schema,
      path: o.relPath,
      sha256: sha256HexOf(bytes),
      bytes: bytes.length,
      extra: o.extra,
    });
    records.push({ record, recordJson: recordJson(record), bytes });
  }
  return { runId, records };
}

/**
 * The storage contract: what a backend of Abraxas artifacts (the file store, a database) must do.
 * Owns: the `ArtifactStore` interface and its documented guarantees. Must not: implement them.
 */
import type { Manifest, ManifestRecord } from '../records.js';
import type { VerifyOptions } from '../references.js';
import type { VerifyResult } from '../verify.js';
import type { WriteJsonOptions } from '../writer.js';

/** One record to write: the same options as `ArtifactWriter.writeJson`. */
export type StoreWrite = WriteJsonOptions;

/** What a batch resolves to: every item's record, keyed by its relative path, in manifest order. */
export type BatchResult = ReadonlyMap<string, ManifestRecord>;

/** What `pruneRecords` did: the records it pruned now, in the order asked, and the paths already pruned. */
export interface PruneResult {
  readonly pruned: readonly ManifestRecord[];
  readonly already: readonly string[];
}

/** A record's bytes, checked against the size and SHA-256 it is listed with. */
export interface SealedRecord {
  readonly record: ManifestRecord;
  readonly bytes: Uint8Array;
}

/** A run's manifest with its Merkle root (`manifestRootHash(manifest)`). */
export interface RunManifest {
  readonly manifest: Manifest;
  readonly root_hash: string;
}

/**
 * The order `listRecords` returns: `manifest` is `(tick, kind, schema, path)`; `commit` is the order
 * the records were first committed in (a batch's new records in the batch's order).
 */
export type RecordOrder = 'manifest' | 'commit';

/** What `latestRecord` looks for: a run's records of `kind`, only those with `tick < beforeTick` when it is given. */
export interface LatestRecordQuery {
  readonly kind: string;
  readonly beforeTick?: number;
}

/** Which records `iterateRecords` yields: those with `fromTick <= tick <= toTick` (either may be left out). */
export interface RecordRange {
  readonly fromTick?: number;
  readonly toTick?: number;
}

/**
 * A backend that stores sealed JSON records per run. Every backend keeps the same truth: the
 * same writes give the same records, the same canonical bytes and the same Merkle root.
 *
 * Rules every method keeps:
 * - Input is validated before anything is sent or written; a bad argument is an
 *   `ArtifactValidationError` naming the method, the field and the rule.
 * - `writeBatch` is atomic: all of a batch's records are committed, or none (a validation error, a
 *   conflict, a crash or a lost connection leave the run as it was).
 * - Idempotent: a record already listed with the same bytes and metadata is accepted and adds
 *   nothing; a listed path with other bytes or metadata is an `ArtifactConflictError` that refuses
 *   the whole batch.
 * - Reads of a run's records, manifest and root see whole batches only, never part of one.
 * - A run exists once its first batch committed; asking for a run that does not exist is an
 *   `ArtifactNotFoundError` (`verifyRun` reports it as a problem instead).
 *
 * Concurrency: any number of store instances, in any number of processes (on any number of hosts
 * for a shared backend), may write the same run and different runs at the same time. Batches of
 * one run are serialised (each sees the run as the previous batch left it); batches of different
 * runs proceed independently. Nothing that resolved is lost; two writers racing to write the same
 * path with the same record both succeed, and with different records exactly one succeeds.
 */
export interface ArtifactStore {
  /** Writes a batch of records of one run atomically; resolves once all of it is durable. */
  writeBatch(items: readonly StoreWrite[]): Promise<BatchResult>;
  /**
   * A listed record's bytes, checked against its size and SHA-256 (`ArtifactCorruptError` when the
   * stored bytes do not match; `ArtifactNotFoundError` when the path is not listed).
   */
  readRecord(runId: string, relPath: string): Promise<SealedRecord>;
  /** A run's records, in manifest order (default) or commit order. */
  listRecords(runId: string, order?: RecordOrder): Promise<readonly ManifestRecord[]>;
  /**
   * Optional: the last record in manifest order that matches `query` (the greatest tick, then the
   * greatest schema and path), with its bytes checked as `readRecord` checks them, or null when no
   * record matches; `ArtifactNotFoundError` when the run does not exist. It is for backends that can
   * answer without reading the run's whole manifest (an index on run, kind and tick); callers go
   * through `latestRecord(store, runId, query)`, which lists the run's records when it is missing.
   */
  latestRecord?(runId: string, query: LatestRecordQuery): Promise<SealedRecord | null>;
  /**
   * Optional: the run's records in manifest order, one at a time, in memory that does not grow with
   * the run (a backend streams its ledger or pages through it). The records are one snapshot, taken
   * at the first `next()`: the whole batches committed by then and none committed while the loop
   * runs, so a loop sees exactly what `listRecords` returned at that moment (pruned records
   * included: they stay listed). A bad argument (`ArtifactValidationError`) or a run that does not
   * exist (`ArtifactNotFoundError`) is thrown by the first `next()`; a damaged ledger is an
   * `ArtifactCorruptError` where the damage is met. Leaving the loop early releases what it held.
   * Callers go through `iterateRecords(store, runId, range)`, which lists the run's records when a
   * backend lacks it.
   */
  iterateRecords?(runId: string, range?: RecordRange): AsyncIterable<ManifestRecord>;
  /** A run's `Manifest.v0` and its Merkle root. */
  readManifest(runId: string): Promise<RunManifest>;
  /** The ids of every run with at least one record, sorted by code point. */
  listRuns(): Promise<readonly string[]>;
  /**
   * Re-checks every record of a run against its listed size and SHA-256, and the references
   * `options.references` names (`bad_ref`); options are checked as `verifyRun` checks them.
   */
  verifyRun(runId: string, options?: VerifyOptions): Promise<VerifyResult>;
  /**
   * Retention (optional: a backend without it cannot be pruned). Deletes the bytes of listed
   * records of a run and keeps each listed with a tombstone (path, SHA-256, size), so the manifest,
   * its Merkle root and inclusion proofs do not change; `verifyRun` counts pruned records apart
   * from missing ones, and `readRecord` of a pruned record is an `ArtifactNotFoundError` saying so.
   * A path already pruned is reported in `already`; an unlisted path refuses the whole call.
   * Atomic like `writeBatch`: a crash leaves every record pruned or as it was.
   */
  pruneRecords?(runId: string, relPaths: readonly string[]): Promise<PruneResult>;
  /** The paths of a run's pruned records (optional, with `pruneRecords`). */
  prunedPaths?(runId: string): Promise<ReadonlySet<string>>;
  /** Releases the store's resources; afterwards every method refuses. Calling it again is a no-op. */
  close(): Promise<void>;
}

/**
 * @abraxas/artifacts — the provenance-sealed artifact store of Abraxas ERS, and the only package
 * that does file IO: canonical JSON artifacts sealed with SHA-256, a per-run `Manifest.v0` ledger
 * that is crash-safe and O(1) per append, a Merkle root hash per run and run verification.
 */
export { ArtifactWriter, type ArtifactWriterOptions, type WriteJsonOptions } from './writer.js';
export { readManifest } from './read.js';
export { verifyRun, type VerifyProblem, type VerifyProblemKind, type VerifyResult } from './verify.js';
export { requireVerifyOptions, type RecordReference, type RecordReferences, type ReferenceRule, type VerifyOptions } from './references.js';
export { inclusionProof, ManifestRootBuilder, manifestRootHash, verifyInclusion, type InclusionProof } from './manifest-proof.js';
export { MANIFEST_SCHEMA, type ArtifactRecord, type Manifest, type ManifestRecord } from './records.js';
export { manifestRelPath, tickFileName } from './layout.js';
export { isValidRunId, KIND_RULE, RUN_ID_RULE, SCHEMA_RULE, SEGMENT_RULE } from './validate.js';
export { DEFAULT_LOCK_TIMEOUT_MS } from './run-lock.js';
export type { ArtifactStore, BatchResult, LatestRecordQuery, PruneResult, RecordOrder, RecordRange, RunManifest, SealedRecord, StoreWrite } from './store/contract.js';
export { iterateRecords, requireRecordRange } from './store/iterate-records.js';
export { latestRecord, requireLatestQuery } from './store/latest-record.js';
export { copyRun } from './store/copy-run.js';
export { pruneTicks, type PruneTicksOptions, type PruneTicksResult } from './store/prune-ticks.js';
export { FileStore, type FileStoreOptions } from './store/file-store.js';
export { prepareBatch, type PreparedBatch, type PreparedRecord } from './store/prepare.js';
export { requireRecordAddress } from './store/record-address.js';
export { runManifestOf } from './store/run-manifest.js';
export { checkSealedBytes } from './store/sealed-read.js';
export { parseStoredRecord } from './store/stored-record.js';
export { verifyStoredRecords, type StoredRecord } from './store/verify-records.js';
export {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactError,
  ArtifactIoError,
  ArtifactLockError,
  ArtifactNotFoundError,
  ArtifactValidationError,
} from './errors.js';

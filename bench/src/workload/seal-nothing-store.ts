/**
 * A store that seals nothing: `writeBatch` validates and prepares the batch as every backend must
 * (`prepareBatch`: the checks, the canonical JSON bytes, their SHA-256 and the manifest records)
 * and keeps nothing. A tick run on it costs what the runtime computes per tick — the scheduler, the
 * TrendPack, the RunIndex, the records' bytes and digests — without any ledger or file work, so the
 * abraxasTick case can show the ledger's own share apart from that fixed computation.
 * Owns: the compute-only store of the abraxasTick case. Must not: write or keep anything.
 */
import { prepareBatch, type ArtifactStore, type BatchResult, type ManifestRecord, type RunManifest, type SealedRecord, type StoreWrite } from '@abraxas/artifacts';

const FN = 'SealNothingStore';

export class SealNothingStore implements ArtifactStore {
  writeBatch(items: readonly StoreWrite[]): Promise<BatchResult> {
    const batch = prepareBatch(`${FN}.writeBatch`, items);
    return Promise.resolve(new Map(batch.records.map((p) => [p.record.path, p.record])));
  }

  readRecord(): Promise<SealedRecord> {
    return Promise.reject(new Error(`${FN}.readRecord: this store keeps no record`));
  }

  /** No record is kept: a run on this store always starts afresh (a tick with metrics finds no earlier decision). */
  listRecords(): Promise<readonly ManifestRecord[]> {
    return Promise.resolve([]);
  }

  readManifest(): Promise<RunManifest> {
    return Promise.reject(new Error(`${FN}.readManifest: this store keeps no manifest`));
  }

  listRuns(): Promise<readonly string[]> {
    return Promise.resolve([]);
  }

  verifyRun(): Promise<never> {
    return Promise.reject(new Error(`${FN}.verifyRun: this store keeps nothing to verify`));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

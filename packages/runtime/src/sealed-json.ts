/**
 * The one read path of runtime: a listed record's parsed JSON, read through the store (which
 * checks its bytes against the sealed size and SHA-256) and held to the record the caller found
 * in the manifest. Failures become the caller's own error, built by `bad`.
 * Owns: sealed JSON reads. Must not: touch files itself, or judge the JSON it returns.
 */
import { ArtifactCorruptError, ArtifactIoError, ArtifactNotFoundError, type ArtifactStore, type SealedRecord } from '@abraxas/artifacts';

/** Where a listed record lives and what it was sealed with. */
export interface SealedRef {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The parsed JSON of `ref` in run `runId`; `bad(detail)` is thrown when it cannot be read, does not match or is not JSON. */
export async function readSealedJson(store: ArtifactStore, runId: string, ref: SealedRef, bad: (detail: string) => Error): Promise<unknown> {
  const mismatch = (why: string): Error => bad(`does not match its sealed sha256 ${ref.sha256}; run verifyRun for a full report (${why})`);
  let sealed;
  try {
    sealed = await store.readRecord(runId, ref.path);
  } catch (err) {
    if (err instanceof ArtifactCorruptError) throw mismatch(err.message);
    // A listed record the store cannot find was pruned (retention): the store's own error says so.
    if (err instanceof ArtifactNotFoundError) throw err;
    if (err instanceof ArtifactIoError) throw bad(`cannot be read (${err.message})`);
    throw err;
  }
  if (sealed.record.sha256 !== ref.sha256 || sealed.record.bytes !== ref.bytes) throw mismatch('the store lists other bytes');
  return parseSealedJson(sealed, bad);
}

/** The parsed JSON of bytes the store handed out checked; `bad('is not JSON')` when they are not. */
export function parseSealedJson(sealed: SealedRecord, bad: (detail: string) => Error): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(sealed.bytes)) as unknown;
  } catch {
    throw bad('is not JSON');
  }
}

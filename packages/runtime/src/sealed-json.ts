/**
 * The one read path of runtime: a listed record's parsed JSON, read through the store (which
 * checks its bytes against the sealed size and SHA-256) and held to the record the caller found
 * in the manifest. Failures become the caller's own error, built by `bad`.
 * Owns: sealed JSON reads, and that their bytes are canonical JSON. Must not: touch files itself,
 * or judge what the JSON means (each record format's reader does).
 */
import { CanonicalJsonError, canonicalJson } from '@abraxas/ers';
import { ArtifactCorruptError, ArtifactIoError, ArtifactNotFoundError, type ArtifactStore, type SealedRecord } from '@abraxas/artifacts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

/**
 * The parsed JSON of bytes the store handed out checked; `bad(detail)` when they are not JSON, or
 * not the canonical JSON every sealed record is written as. A file forged together with its ledger
 * entry can still parse to what canonical JSON refuses or writes otherwise (a lone surrogate, an
 * integer beyond 2^53, a key given twice, nesting past the depth limit): that is damage, never a
 * value handed on to break a later hash or comparison.
 */
export function parseSealedJson(sealed: SealedRecord, bad: (detail: string) => Error): unknown {
  let text: string;
  let value: unknown;
  try {
    // Fatal and keeping a byte-order mark: bytes that are not exactly UTF-8 text cannot pass as it.
    text = strictUtf8.decode(sealed.bytes);
    value = JSON.parse(text) as unknown;
  } catch {
    throw bad('is not JSON');
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch (err) {
    if (err instanceof CanonicalJsonError) throw bad(`is not canonical JSON: its ${err.message.replace(/^canonicalJson: /, '')}`);
    throw err;
  }
  if (canonical !== text) throw bad('is not canonical JSON: its bytes are not the canonical text of what they hold');
  return value;
}

/**
 * The sealed read: a record's bytes are only handed out after their size and SHA-256 match the
 * record they are listed with. Every backend's `readRecord` ends here.
 * Owns: `checkSealedBytes`. Must not: do IO.
 */
import { sha256Hex } from '@abraxas/ers';
import { ArtifactCorruptError } from '../errors.js';
import type { ManifestRecord } from '../records.js';
import type { SealedRecord } from './contract.js';

/** `{ record, bytes }` when `bytes` are the ones `record` seals; `ArtifactCorruptError` otherwise. */
export function checkSealedBytes(fn: string, record: ManifestRecord, bytes: Uint8Array): SealedRecord {
  if (bytes.length !== record.bytes) {
    throw new ArtifactCorruptError(fn, record.path, `has ${String(bytes.length)} bytes; it is listed with ${String(record.bytes)}`);
  }
  const sha = sha256Hex(bytes);
  if (sha !== record.sha256) throw new ArtifactCorruptError(fn, record.path, `has sha256 ${sha}; it is listed with ${record.sha256}`);
  return { record, bytes };
}

/**
 * SHA-256 for the file store: node:crypto's one-shot `hash`, the same digest as `sha256Hex` of
 * @abraxas/ers without building a Hash object per call (the store hashes every file, index path
 * and Merkle node).
 * Owns: the store's SHA-256 calls. Must not: do IO.
 */
import { hash } from 'node:crypto';

/** SHA-256 of `data`, lowercase hex. */
export function sha256HexOf(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

/** SHA-256 of `data`, as bytes. */
export function sha256Of(data: Uint8Array | string): Buffer {
  return hash('sha256', data, 'buffer');
}

/**
 * SHA-256 digest for Node (the `node` condition of `#sha256`): native OpenSSL through node:crypto.
 * The only file of @abraxas/ers allowed a Node builtin; it is never part of a browser bundle.
 */
import { createHash } from 'node:crypto';

/** SHA-256 (hex) of bytes, or of a well-formed string's UTF-8 bytes (encoded by the hash, no copy). */
export function digest(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 (hex) of the UTF-8 bytes of well-formed strings written one after another. */
export function digestParts(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

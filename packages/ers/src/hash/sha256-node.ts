/**
 * SHA-256 digest for Node (the `node` condition of `#sha256`): native OpenSSL through node:crypto.
 * The only file of @abraxas/ers allowed a Node builtin; it is never part of a browser bundle.
 */
import * as nodeCrypto from 'node:crypto';

const { createHash } = nodeCrypto;

/** The one-shot `crypto.hash` (Node 20.12 and later; about half the cost of a Hash object for a small input), where the runtime has it. */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string }).hash;

/** SHA-256 (hex) of bytes, or of a well-formed string's UTF-8 bytes (encoded by the hash, no copy). */
export function digest(data: Uint8Array | string): string {
  return oneShot === undefined ? createHash('sha256').update(data).digest('hex') : oneShot('sha256', data, 'hex');
}

/** SHA-256 (hex) of the UTF-8 bytes of well-formed strings written one after another. */
export function digestParts(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

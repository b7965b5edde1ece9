/**
 * SHA-256 digest for Node (the `node` condition of `#sha256`): native OpenSSL through node:crypto.
 * The only file of @abraxas/ers allowed a Node builtin; it is never part of a browser bundle.
 */
import { createHash } from 'node:crypto';

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

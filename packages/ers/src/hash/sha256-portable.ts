/**
 * SHA-256 digest for browsers and other non-Node hosts (the default condition of `#sha256`):
 * the audited, dependency-free @noble/hashes implementation.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function digest(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

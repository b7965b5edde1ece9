/**
 * SHA-256 digest for browsers and other non-Node hosts (the default condition of `#sha256`):
 * the audited, dependency-free @noble/hashes implementation.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** SHA-256 (hex) of bytes, or of a well-formed string's UTF-8 bytes. */
export function digest(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === 'string' ? encoder.encode(data) : data));
}

/** SHA-256 (hex) of the UTF-8 bytes of well-formed strings written one after another. */
export function digestParts(parts: readonly string[]): string {
  const hash = sha256.create();
  for (const part of parts) hash.update(encoder.encode(part));
  return bytesToHex(hash.digest());
}

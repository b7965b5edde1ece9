/**
 * `sha256Hex`: SHA-256 as lowercase hex, in Node and in browsers. The digest itself comes from
 * `#sha256`, a subpath import that resolves to node:crypto under the `node` condition and to the
 * pure @noble/hashes implementation everywhere else (see package.json `imports`).
 * Owns: the public hash function. Must not: choose the platform at run time.
 */
import { digest } from '#sha256';
import { ErsValidationError } from '../errors.js';
import { isWellFormed } from '../validate.js';

/** SHA-256 of bytes, or of a string's UTF-8 bytes, as 64 lowercase hex digits. */
export function sha256Hex(data: Uint8Array | string): string {
  if (typeof data === 'string') {
    if (!isWellFormed(data)) throw new ErsValidationError('sha256Hex', 'data', 'must be well-formed Unicode (no lone surrogates)');
    return digest(data);
  }
  // Checked by tag, not instanceof, so bytes from another realm (an iframe, a vm context) are accepted.
  if (!ArrayBuffer.isView(data) || Object.prototype.toString.call(data) !== '[object Uint8Array]') throw new ErsValidationError('sha256Hex', 'data', 'must be a Uint8Array or a string', data);
  return digest(data);
}

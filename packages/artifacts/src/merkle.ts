/**
 * The Merkle tree of RFC 6962 (Certificate Transparency, section 2.1) over byte strings:
 * leaf hash = SHA-256(0x00 ‖ data), node hash = SHA-256(0x01 ‖ left ‖ right), the empty tree hashes
 * to SHA-256 of nothing, and a tree of n > 1 leaves splits at k, the largest power of two below n.
 * Audit paths and their verification follow RFC 6962 section 2.1.1 and RFC 9162 section 2.1.3.2.
 * Owns: tree hashing. Must not: know what the leaves are (see manifest-proof.ts).
 */
import { sha256Of } from './digest.js';

const LEAF = Buffer.of(0x00);
const EMPTY = Buffer.alloc(0);
/** The input of one node hash, 0x01 ‖ left ‖ right, filled in place (hashing is synchronous). */
const nodeInput = Buffer.alloc(65, 0x01);

export function leafHash(data: Uint8Array): Buffer {
  return sha256Of(Buffer.concat([LEAF, data]));
}

/** The leaf hash of a string's UTF-8 bytes, encoded once straight after the 0x00 prefix. */
export function leafHashOfText(text: string): Buffer {
  const input = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
  input[0] = 0x00;
  input.write(text, 1, 'utf8');
  return sha256Of(input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32) return sha256Of(Buffer.concat([nodeInput.subarray(0, 1), left, right]));
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return sha256Of(nodeInput);
}

/** Largest power of two strictly smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 1) return leaves[lo] as Buffer;
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** MTH of a list of leaf hashes. */
export function rootOfLeafHashes(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256Of(EMPTY);
  return subtreeRoot(leaves, 0, leaves.length);
}

/**
 * MTH of leaf hashes added one at a time, holding O(log n) hashes: the roots of the complete
 * subtrees of a binary counter (sizes strictly decreasing), folded from the right at the end —
 * the same tree as `rootOfLeafHashes`, whose left subtree is always the largest power of two.
 */
export class StreamingRoot {
  private readonly stack: { size: number; hash: Buffer }[] = [];

  add(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    for (let top = this.stack.at(-1); top?.size === node.size; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { size: node.size * 2, hash: nodeHash(top.hash, node.hash) };
    }
    this.stack.push(node);
  }

  root(): Buffer {
    let i = this.stack.length - 1;
    if (i < 0) return sha256Of(EMPTY);
    let r = (this.stack[i] as { hash: Buffer }).hash;
    for (i--; i >= 0; i--) r = nodeHash((this.stack[i] as { hash: Buffer }).hash, r);
    return r;
  }
}

/** PATH(m, D[lo:hi]): the sibling hashes from leaf m up to the root, bottom first. */
export function auditPath(leaves: readonly Buffer[], m: number): Buffer[] {
  const path: Buffer[] = [];
  const walk = (lo: number, hi: number, i: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (i < k) {
      walk(lo, lo + k, i);
      path.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      walk(lo + k, hi, i - k);
      path.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  walk(0, leaves.length, m);
  return path;
}

/** The root implied by a leaf hash at `index` of a tree of `size` leaves and its audit path, or null if the path cannot fit. */
export function rootFromAuditPath(leaf: Buffer, index: number, size: number, path: readonly Buffer[]): Buffer | null {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

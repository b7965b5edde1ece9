/**
 * An independent reference for the `merkle-root` cases: RFC 6962 section 2.1 written straight from
 * the definition (MTH of no leaves is SHA-256 of nothing; of one leaf, SHA-256(0x00 ‖ leaf); else
 * SHA-256(0x01 ‖ MTH(first k) ‖ MTH(rest)), k the largest power of two below n), over the leaves
 * the manifest format defines: the canonical JSON bytes of each record, in manifest order. Computed
 * on the host from Node 20's manifest, so the root every runtime reports is held against the RFC,
 * not only against another runtime.
 * Owns: the reference Merkle root. Must not: use @abraxas/artifacts (it is what is being checked).
 */
import { canonicalJsonBytes, type JsonValue } from '@abraxas/ers';
import { createHash } from 'node:crypto';

function h(...parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
}

function mth(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Uint8Array.of(0), leaves[0] as Uint8Array);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Uint8Array.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** The RFC 6962 root of `manifest`'s records (lowercase hex), or null when it has no record list. */
export function referenceManifestRoot(manifest: JsonValue | undefined): string | null {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return null;
  const records = (manifest as { readonly [key: string]: JsonValue }).records;
  if (!Array.isArray(records)) return null;
  return mth(records.map((r) => canonicalJsonBytes(r))).toString('hex');
}

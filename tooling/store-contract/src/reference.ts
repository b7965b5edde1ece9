/**
 * Independent references the contract suite checks stores against: SHA-256 from node:crypto and
 * the RFC 6962 Merkle tree hash written from the RFC's definition, not from the package's code.
 * Owns: first-principles hashes. Must not: import the code under test.
 */
import { createHash } from 'node:crypto';

/** SHA-256 of `data`, lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hash(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** RFC 6962 §2.1 MTH over leaves (the records' canonical JSON texts), lowercase hex. */
export function merkleRoot(leaves: readonly string[]): string {
  const mth = (d: readonly string[]): Buffer => {
    if (d.length === 0) return hash();
    if (d.length === 1) return hash(Buffer.from([0]), Buffer.from(d[0] as string, 'utf8'));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return hash(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
  };
  return mth(leaves).toString('hex');
}

/**
 * A manifest record's canonical JSON, keys written out by hand in code-point order
 * (`bytes, extra, kind, path, schema, sha256, tick`).
 */
export function recordText(r: { tick: number; kind: string; schema: string; path: string; sha256: string; bytes: number; extraText?: string }): string {
  const extra = r.extraText === undefined ? '' : `"extra":${r.extraText},`;
  return `{"bytes":${String(r.bytes)},${extra}"kind":${JSON.stringify(r.kind)},"path":${JSON.stringify(r.path)},"schema":${JSON.stringify(r.schema)},"sha256":"${r.sha256}","tick":${String(r.tick)}}`;
}

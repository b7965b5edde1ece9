import { canonicalJsonBytes } from '@abraxas/ers';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ArtifactNotFoundError,
  ArtifactValidationError,
  inclusionProof,
  ManifestRootBuilder,
  manifestRootHash,
  verifyInclusion,
  type InclusionProof,
  type Manifest,
  type ManifestRecord,
} from '../src/index.js';
import { auditPath, leafHash, leafHashOfText, nodeHash, rootFromAuditPath, rootOfLeafHashes, StreamingRoot } from '../src/merkle.js';

const h = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
};

/** RFC 6962 section 2.1, written straight from the definition, as the oracle. */
function mth(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Buffer.of(0), leaves[0] as Uint8Array);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// The Merkle tree test vectors of Certificate Transparency (RFC 6962): roots of the first n of these leaves.
const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((x) => Buffer.from(x, 'hex'));
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function record(i: number): ManifestRecord {
  return {
    tick: Math.floor(i / 2),
    kind: i % 2 === 0 ? 'runindex' : 'trendpack',
    schema: i % 2 === 0 ? 'RunIndex.v0' : 'TrendPack.v0',
    path: i % 2 === 0 ? `run_index/M/${String(i).padStart(6, '0')}.runindex.json` : `viz/M/${String(i).padStart(6, '0')}.trendpack.json`,
    sha256: h(Buffer.from(String(i))).toString('hex'),
    bytes: 100 + i,
    ...(i % 3 === 0 ? { extra: { mode: 'test', n: i } } : {}),
  };
}
const manifestOf = (n: number): Manifest => ({ schema: 'Manifest.v0', run_id: 'M', records: Array.from({ length: n }, (_, i) => record(i)) });

describe('the RFC 6962 tree', () => {
  it('matches the Certificate Transparency test vectors', () => {
    for (let n = 1; n <= 8; n++) {
      expect(rootOfLeafHashes(ctLeaves.slice(0, n).map(leafHash)).toString('hex')).toBe(ctRoots[n - 1]);
    }
    expect(rootOfLeafHashes([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('is the same tree built one leaf at a time (StreamingRoot), at every size', () => {
    const streamed = (leaves: readonly Buffer[]): string => {
      const t = new StreamingRoot();
      for (const l of leaves) t.add(l);
      return t.root().toString('hex');
    };
    for (let n = 1; n <= 8; n++) expect(streamed(ctLeaves.slice(0, n).map(leafHash))).toBe(ctRoots[n - 1]);
    expect(streamed([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const data = Array.from({ length: 130 }, (_, i) => Buffer.from([i, i >> 8]));
    for (let n = 0; n <= data.length; n++) expect(streamed(data.slice(0, n).map(leafHash)), String(n)).toBe(mth(data.slice(0, n)).toString('hex'));
  });

  it('gives audit paths that lead back to the root for every leaf of trees of 1 to 33 leaves', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from([i])));
      const root = rootOfLeafHashes(leaves);
      for (let m = 0; m < n; m++) {
        expect(rootFromAuditPath(leaves[m] as Buffer, m, n, auditPath(leaves, m))?.equals(root), `${String(m)} of ${String(n)}`).toBe(true);
      }
    }
  });
});

describe('manifestRootHash', () => {
  it('is the RFC 6962 root over SHA-256(0x00 ‖ canonical record bytes), in manifest order', () => {
    for (const n of [0, 1, 2, 3, 5, 8, 13]) {
      const m = manifestOf(n);
      expect(manifestRootHash(m)).toBe(mth(m.records.map((r) => canonicalJsonBytes(r))).toString('hex'));
    }
    expect(manifestRootHash(manifestOf(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('changes when any field of any record changes', () => {
    const m = manifestOf(7);
    const root = manifestRootHash(m);
    const changed = (i: number, patch: Partial<ManifestRecord>): Manifest => ({ ...m, records: m.records.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
    expect(manifestRootHash(changed(3, { bytes: 999 }))).not.toBe(root);
    expect(manifestRootHash(changed(6, { sha256: '0'.repeat(64) }))).not.toBe(root);
    expect(manifestRootHash(changed(0, { extra: { mode: 'live', n: 0 } }))).not.toBe(root);
  });

  it('rejects a manifest out of order or listing a path twice', () => {
    const m = manifestOf(4);
    expect(() => manifestRootHash({ ...m, records: [...m.records].reverse() })).toThrow(ArtifactValidationError);
    expect(() => manifestRootHash({ ...m, records: [...m.records, m.records[3] as ManifestRecord] })).toThrow(/lists "viz\/M\/000003.trendpack.json" twice/);
  });
});

describe('ManifestRootBuilder', () => {
  it('gives manifestRootHash of records added one at a time, and refuses one out of order', () => {
    for (const n of [0, 1, 2, 3, 5, 8, 13, 33]) {
      const m = manifestOf(n);
      const b = new ManifestRootBuilder();
      for (const r of m.records) b.add(r);
      expect(b.records).toBe(n);
      expect(b.rootHash()).toBe(mth(m.records.map((r) => canonicalJsonBytes(r))).toString('hex'));
    }
    const m = manifestOf(3);
    const b = new ManifestRootBuilder();
    b.add(m.records[1] as ManifestRecord);
    expect(() => {
      b.add(m.records[0] as ManifestRecord);
    }).toThrow(/ManifestRootBuilder\.add: record must sort after the previous record/);
    expect(() => {
      b.add({ ...(m.records[2] as ManifestRecord), sha256: 'x' });
    }).toThrow(ArtifactValidationError);
  });

  it("refuses a record of another run than the builder's, named or implied by the first record, and adds nothing then", () => {
    const [a0, a1, a2] = manifestOf(3).records as [ManifestRecord, ManifestRecord, ManifestRecord];
    const ofRun = (r: ManifestRecord, run: string): ManifestRecord => ({ ...r, path: r.path.replace('/M/', `/${run}/`) });
    const implied = new ManifestRootBuilder();
    implied.add(a0);
    expect(() => {
      implied.add(ofRun(a1, 'OTHER'));
    }).toThrow('ManifestRootBuilder.add: record must be of the builder\'s one run "M" (a file inside …/M/<file>); got "viz/OTHER/000001.trendpack.json"');
    implied.add(a1);
    implied.add(a2);
    expect(implied.records).toBe(3);
    expect(implied.rootHash()).toBe(mth([a0, a1, a2].map((r) => canonicalJsonBytes(r))).toString('hex'));

    const named = new ManifestRootBuilder('M');
    expect(() => {
      named.add(ofRun(a0, 'N'));
    }).toThrow(/^ManifestRootBuilder\.add: record must be of the builder's one run "M"/);
    expect(named.records).toBe(0);
    expect(() => {
      named.add({ ...a0, path: 'loose.json' });
    }).toThrow(ArtifactValidationError);
    expect(() => {
      new ManifestRootBuilder().add({ ...a0, path: 'loose.json' });
    }).toThrow(/^ManifestRootBuilder\.add: record must be a file inside a folder named after its run/);
    expect(() => new ManifestRootBuilder('../M')).toThrow(/^ManifestRootBuilder: runId must be 1-128 characters/);
  });
});

describe('inclusionProof and verifyInclusion', () => {
  it('prove every record of manifests of 1 to 20 records', () => {
    for (let n = 1; n <= 20; n++) {
      const m = manifestOf(n);
      const root = manifestRootHash(m);
      for (const [i, r] of m.records.entries()) {
        const proof = inclusionProof(m, r.path);
        expect(proof.leaf_index).toBe(i);
        expect(proof.tree_size).toBe(n);
        expect(verifyInclusion(root, r, proof)).toBe(true);
      }
    }
  });

  it('fail for a changed record, a wrong root and every kind of wrong proof', () => {
    const m = manifestOf(11);
    const root = manifestRootHash(m);
    const r = m.records[6] as ManifestRecord;
    const proof = inclusionProof(m, r.path);
    const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    expect(verifyInclusion(root, { ...r, bytes: r.bytes + 1 }, proof)).toBe(false);
    expect(verifyInclusion(root, m.records[5] as ManifestRecord, proof)).toBe(false);
    expect(verifyInclusion(flip(root), r, proof)).toBe(false);
    // (A larger tree_size whose split leaves the leaf's subtree unchanged, e.g. 12 here, is not
    // wrong in itself: an audit path commits to the root, and the root to the size.)
    const wrong: InclusionProof[] = [
      { ...proof, leaf_index: 7 },
      { ...proof, tree_size: 7 },
      { ...proof, audit_path: proof.audit_path.slice(1) },
      { ...proof, audit_path: [...proof.audit_path, root] },
      { ...proof, audit_path: proof.audit_path.map((p, i) => (i === 1 ? flip(p) : p)) },
      { ...proof, audit_path: [...proof.audit_path].reverse() },
      { ...proof, leaf_index: 11 },
    ];
    for (const p of wrong) expect(verifyInclusion(root, r, p), JSON.stringify(p)).toBe(false);
  });

  it('name bad arguments', () => {
    const m = manifestOf(3);
    expect(() => inclusionProof(m, 'viz/M/nope.json')).toThrow(ArtifactNotFoundError);
    expect(() => inclusionProof(m, 'viz/M/nope.json')).toThrow('inclusionProof: relPath "viz/M/nope.json" is not listed in the manifest');
    const proof = inclusionProof(m, m.records[0]?.path ?? '');
    expect(() => verifyInclusion('XYZ', m.records[0] as ManifestRecord, proof)).toThrow('verifyInclusion: rootHash must be 64 lowercase hex digits; got "XYZ"');
    expect(() => verifyInclusion(manifestRootHash(m), m.records[0] as ManifestRecord, { ...proof, tree_size: 0 })).toThrow(
      'verifyInclusion: proof.tree_size must be a positive safe integer; got 0',
    );
    expect(() => verifyInclusion(manifestRootHash(m), { ...(m.records[0] as ManifestRecord), path: '/abs' }, proof)).toThrow(/verifyInclusion: record must be a Manifest.v0 record/);
    // A hole in the audit path is named like any other bad entry, not skipped.
    const [first, second] = proof.audit_path as [string, string];
    // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
    const holed = { ...proof, audit_path: [first, , second] as string[] };
    expect(() => verifyInclusion(manifestRootHash(m), m.records[0] as ManifestRecord, holed)).toThrow(ArtifactValidationError);
    expect(() => verifyInclusion(manifestRootHash(m), m.records[0] as ManifestRecord, holed)).toThrow(
      'verifyInclusion: proof.audit_path[1] must be a 64-digit lowercase hex string; got undefined',
    );
    expect(() => verifyInclusion(manifestRootHash(m), m.records[0] as ManifestRecord, { ...proof, audit_path: [first, 'ab'] })).toThrow(
      'verifyInclusion: proof.audit_path[1] must be a 64-digit lowercase hex string; got "ab"',
    );
  });
});

describe('the hashing fast paths', () => {
  it('leafHashOfText is SHA-256(0x00 ‖ UTF-8 bytes), non-ASCII and astral text included', () => {
    for (const text of ['', '{"a":1}', 'δέλτα 日本 \u{1f600}', 'x'.repeat(5000)]) {
      expect(leafHashOfText(text)).toEqual(h(Buffer.of(0), Buffer.from(text, 'utf8')));
      expect(leafHashOfText(text)).toEqual(leafHash(Buffer.from(text, 'utf8')));
    }
  });

  it('nodeHash gives each call its own digest of 0x01 ‖ left ‖ right, for hashes and other lengths', () => {
    const a = h(Buffer.from('a'));
    const b = h(Buffer.from('b'));
    const ab = nodeHash(a, b);
    const ba = nodeHash(b, a);
    expect(ab).toEqual(h(Buffer.of(1), a, b));
    expect(ba).toEqual(h(Buffer.of(1), b, a));
    expect(ab).not.toEqual(ba);
    expect(nodeHash(Buffer.from('xy'), a)).toEqual(h(Buffer.of(1), Buffer.from('xy'), a));
  });
});

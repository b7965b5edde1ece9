/**
 * The root hash that seals a run and inclusion proofs for single records: an RFC 6962 Merkle tree
 * whose leaves are the canonical JSON bytes of the manifest's records, in manifest order
 * `(tick, kind, schema, path)`. Publishing the root hash commits to every record; a proof shows
 * one record belongs to that root without the rest of the manifest.
 * Owns: `manifestRootHash`, `ManifestRootBuilder`, `inclusionProof`, `verifyInclusion`. Must not: do IO.
 */
import { canonicalJsonBytes } from '@abraxas/ers';
import { ArtifactNotFoundError, ArtifactValidationError } from './errors.js';
import { auditPath, leafHash, rootFromAuditPath, rootOfLeafHashes, StreamingRoot } from './merkle.js';
import { checkManifest, checkManifestRecord } from './record-check.js';
import { compareRecordKeys, type Manifest, type ManifestRecord } from './records.js';
import { isPlainObject, isValidRunId, RUN_ID_RULE } from './validate.js';

/** Proof that one record is leaf `leaf_index` of a tree of `tree_size` leaves (RFC 6962 audit path). */
export interface InclusionProof {
  readonly leaf_index: number;
  readonly tree_size: number;
  /** Sibling hashes from the leaf up to the root, lowercase hex. */
  readonly audit_path: readonly string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

function leavesOf(fn: string, manifest: Manifest): { records: readonly ManifestRecord[]; leaves: Buffer[] } {
  const checked = checkManifest(manifest, null);
  if (typeof checked === 'string') throw new ArtifactValidationError(fn, 'manifest', `must be a valid Manifest.v0; it ${checked}`);
  return { records: checked.records, leaves: checked.records.map((r) => leafHash(canonicalJsonBytes(r))) };
}

/** The run's root hash: MTH over SHA-256(0x00 ‖ canonicalJsonBytes(record)) of the sorted records. */
export function manifestRootHash(manifest: Manifest): string {
  return rootOfLeafHashes(leavesOf('manifestRootHash', manifest).leaves).toString('hex');
}

/**
 * `manifestRootHash` of one run's records given one at a time in manifest order (as
 * `iterateRecords` yields them), in memory that does not grow with the run: O(log n) hashes.
 * The run is `runId` when given, else the run whose folder holds the first record; every record
 * must be a file inside a folder named after that run (`…/<run_id>/<file>`), as a manifest's are.
 *
 * @example
 * ```ts
 * const root = new ManifestRootBuilder('RUN-001');
 * for await (const r of iterateRecords(store, 'RUN-001')) root.add(r);
 * root.rootHash(); // === (await store.readManifest('RUN-001')).root_hash
 * ```
 */
export class ManifestRootBuilder {
  private readonly tree = new StreamingRoot();
  private runId: string | null;
  private previous: ManifestRecord | null = null;
  private count = 0;

  /** `ArtifactValidationError` when `runId` is given and does not follow `RUN_ID_RULE`. */
  constructor(runId?: string) {
    if (runId !== undefined && !isValidRunId(runId)) throw new ArtifactValidationError('ManifestRootBuilder', 'runId', RUN_ID_RULE, runId);
    this.runId = runId ?? null;
  }

  /**
   * Adds the next record; `ArtifactValidationError` when it is not a valid record, is not of the
   * builder's run or does not sort after the previous one (nothing is added then).
   */
  add(record: ManifestRecord): void {
    const fn = 'ManifestRootBuilder.add';
    const checked = checkManifestRecord(record, null);
    if (typeof checked === 'string') throw new ArtifactValidationError(fn, 'record', `must be a valid manifest record; it ${checked}`);
    const segments = checked.path.split('/');
    const folder = segments.length < 2 ? null : (segments[segments.length - 2] as string);
    const run = this.runId ?? (folder !== null && isValidRunId(folder) ? folder : null);
    if (run === null) {
      throw new ArtifactValidationError(fn, 'record', "must be a file inside a folder named after its run (…/<run_id>/<file>), as a manifest's records are", checked.path);
    }
    if (folder !== run) {
      throw new ArtifactValidationError(fn, 'record', `must be of the builder's one run ${JSON.stringify(run)} (a file inside …/${run}/<file>)`, checked.path);
    }
    if (this.previous !== null && compareRecordKeys(this.previous, checked) >= 0) {
      throw new ArtifactValidationError(fn, 'record', `must sort after the previous record (${JSON.stringify(this.previous.path)}) in (tick, kind, schema, path) order`, checked.path);
    }
    this.tree.add(leafHash(canonicalJsonBytes(checked)));
    this.runId = run;
    this.previous = checked;
    this.count++;
  }

  /** How many records were added. */
  get records(): number {
    return this.count;
  }

  /** The root hash of the records added so far (hex). */
  rootHash(): string {
    return this.tree.root().toString('hex');
  }
}

/** The audit path proving that the record listing `relPath` is in `manifestRootHash(manifest)`. */
export function inclusionProof(manifest: Manifest, relPath: string): InclusionProof {
  const fn = 'inclusionProof';
  const { records, leaves } = leavesOf(fn, manifest);
  if (typeof relPath !== 'string') throw new ArtifactValidationError(fn, 'relPath', 'must be a string', relPath);
  const index = records.findIndex((r) => r.path === relPath);
  if (index < 0) throw new ArtifactNotFoundError(fn, 'relPath', `${JSON.stringify(relPath)} is not listed in the manifest`);
  return { leaf_index: index, tree_size: leaves.length, audit_path: auditPath(leaves, index).map((h) => h.toString('hex')) };
}

/** True when `record` with `proof` hashes up to `rootHash`; false for any mismatch. */
export function verifyInclusion(rootHash: string, record: ManifestRecord, proof: InclusionProof): boolean {
  const fn = 'verifyInclusion';
  if (typeof rootHash !== 'string' || !HEX64.test(rootHash)) {
    throw new ArtifactValidationError(fn, 'rootHash', 'must be 64 lowercase hex digits', rootHash);
  }
  const checked = checkManifestRecord(record, null);
  if (typeof checked === 'string') throw new ArtifactValidationError(fn, 'record', `must be a Manifest.v0 record; it ${checked}`);
  if (!isPlainObject(proof)) throw new ArtifactValidationError(fn, 'proof', 'must be an object', proof);
  const { leaf_index, tree_size, audit_path } = proof as Record<string, unknown>;
  if (typeof leaf_index !== 'number' || !Number.isSafeInteger(leaf_index) || leaf_index < 0) {
    throw new ArtifactValidationError(fn, 'proof.leaf_index', 'must be a non-negative safe integer', leaf_index);
  }
  if (typeof tree_size !== 'number' || !Number.isSafeInteger(tree_size) || tree_size < 1) {
    throw new ArtifactValidationError(fn, 'proof.tree_size', 'must be a positive safe integer', tree_size);
  }
  if (!Array.isArray(audit_path)) throw new ArtifactValidationError(fn, 'proof.audit_path', 'must be an array of 64-digit lowercase hex strings', audit_path);
  // Every index, holes included (every() would skip a hole and let it through).
  const siblings: Buffer[] = [];
  for (let i = 0; i < audit_path.length; i++) {
    const h: unknown = audit_path[i];
    if (typeof h !== 'string' || !HEX64.test(h)) throw new ArtifactValidationError(fn, `proof.audit_path[${String(i)}]`, 'must be a 64-digit lowercase hex string', h);
    siblings.push(Buffer.from(h, 'hex'));
  }
  const root = rootFromAuditPath(leafHash(canonicalJsonBytes(checked)), leaf_index, tree_size, siblings);
  return root !== null && root.toString('hex') === rootHash;
}

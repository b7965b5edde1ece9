/**
 * The part of `verifyRun`'s floor that the file hashes leave out: read the run's journal and
 * manifest, parse each journal line once (`JSON.parse`, nothing checked), and compute the RFC 6962
 * Merkle root over the lines (node:crypto) — the ledger work every verifier of a run's root must do.
 * Owns: the ledger floor. Must not: use @abraxas/artifacts.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LEAF = Buffer.of(0x00);
const NODE = Buffer.of(0x01);

function subtreeRoot(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo] as Buffer;
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return hash('sha256', Buffer.concat([NODE, subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi)]), 'buffer');
}

/**
 * The Merkle root (hex) of the records of run `runId` under `root`, in manifest order: the journal's
 * lines parsed once each and sorted as the manifest lists them (`order`), the manifest file read.
 */
export function ledgerFloor(root: string, runId: string, order: ReadonlyMap<string, number>): string {
  const journal = readFileSync(join(root, 'manifests', `${runId}.manifest.log`));
  readFileSync(join(root, 'manifests', `${runId}.manifest.json`));
  const leaves: Buffer[] = [];
  let pos = 0;
  for (let nl = journal.indexOf(0x0a, pos); nl >= 0; nl = journal.indexOf(0x0a, pos)) {
    const line = journal.subarray(pos, nl);
    const { path } = JSON.parse(line.toString('utf8')) as { path: string };
    leaves[order.get(path) ?? leaves.length] = hash('sha256', Buffer.concat([LEAF, line]), 'buffer');
    pos = nl + 1;
  }
  return leaves.length === 0 ? hash('sha256', '', 'hex') : subtreeRoot(leaves, 0, leaves.length).toString('hex');
}

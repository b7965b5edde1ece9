/**
 * The floor of `verifyRun`: read each listed file and SHA-256 it with node:crypto, comparing the
 * digest with the listed one — the bytes every verifier must hash, and nothing else (no ledger,
 * no RunIndex references, no search for unlisted files).
 * Owns: the hash-files floor. Must not: use @abraxas/artifacts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedFile {
  /** Relative to the artifacts folder, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
}

/** How many of `files` under `root` do not hash to their listed digest. */
export function hashFilesFloor(root: string, files: readonly ListedFile[]): number {
  let bad = 0;
  for (const f of files) {
    const digest = createHash('sha256').update(readFileSync(join(root, f.path))).digest('hex');
    if (digest !== f.sha256) bad++;
  }
  return bad;
}

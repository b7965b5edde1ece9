/**
 * What the artifacts folder already holds of a run: how many ticks (0 … n-1) its manifest lists.
 * Owns: reading that from the run's manifest. Must not: write anything.
 */
import { manifestRelPath, readManifest } from '@abraxas/artifacts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Ticks the folder holds for `runId`: one past the highest tick its manifest lists, 0 when it has no such run. */
export async function heldTicks(out: string, runId: string): Promise<number> {
  if (!existsSync(join(out, manifestRelPath(runId)))) return 0;
  const manifest = await readManifest(out, runId);
  return manifest.records.reduce((n, r) => Math.max(n, r.tick + 1), 0);
}

/**
 * The demo's reproducibility check: the same ticks run again, end to end, into fresh folders, and
 * every run's Merkle root compared with the demo run's; the verdict is sealed into the demo run as
 * a `RunStability.v0` record (`sealRunStability`), so the report's claim is itself in the ledger.
 * Owns: re-running the demo for the check and sealing its verdict. Must not: render or print.
 */
import { readManifest } from '@abraxas/artifacts';
import { rootWithoutStability, sealRunStability, type SealedRunStability } from '@abraxas/runtime';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs in the check: the demo run and this many less one more, each into a fresh folder. */
export const STABILITY_RUNS = 3;

/** The Merkle root of a run's records other than stability records. */
async function rootOf(dir: string, runId: string): Promise<string> {
  return rootWithoutStability(await readManifest(dir, runId));
}

/**
 * Seals the verdict over the demo run in `out`: `runTicks(dir)` writes the same ticks into `dir`
 * (fsync off: these folders are thrown away).
 */
export async function sealDemoStability(out: string, runId: string, seed: number, runTicks: (dir: string) => Promise<void>): Promise<SealedRunStability> {
  const hashes = [await rootOf(out, runId)];
  const scratch = await mkdtemp(join(tmpdir(), 'abraxas-demo-stability-'));
  try {
    for (let i = 1; i < STABILITY_RUNS; i++) {
      const dir = join(scratch, `run-${String(i)}`);
      await runTicks(dir);
      hashes.push(await rootOf(dir, runId));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const first = hashes.findIndex((h) => h !== hashes[0]);
  return sealRunStability({
    artifactsDir: out,
    runId,
    source: 'runtime_gate',
    scenario: `demo seed ${String(seed)}`,
    hashes,
    divergence: first < 0 ? null : { run: first, root_hash: hashes[first] ?? null },
  });
}

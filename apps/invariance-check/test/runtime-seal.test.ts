/**
 * `runtime --seal DIR`: the runtime gate's verdict sealed into the run it was about, as a
 * `RunStability.v0` record that the runtime reads back checked; a drift is sealed as a drift;
 * a folder that holds another run under the scenario's id is refused and keeps what it had.
 */
import { readManifest, verifyRun } from '@abraxas/artifacts';
import { readRunStability } from '@abraxas/runtime';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from './support/cli.js';

interface SealedJson {
  scenarios: { status: string; run_hashes: { tree_sha256: string }[]; sealed: { ref: string; sha256: string; verdict: string } | null; error: string | null }[];
}

describe('runtime --seal', () => {
  it('seals a passing gate as a reproducible verdict covering the scenario\'s ticks', async () => {
    const dir = join(tempDir(), 'sealed');
    const r = await runCli(['runtime', '--runs', '3', '--ticks', '2', '--json', '--seal', dir]);
    expect(r.code).toBe(0);
    const s = (JSON.parse(r.stdout) as SealedJson).scenarios[0];
    expect(s?.sealed).toMatchObject({ ref: 'stability/RUN-INVARIANCE/000001.runtime_gate.stability.json', verdict: 'reproducible' });
    const [read] = await readRunStability({ artifactsDir: dir, runId: 'RUN-INVARIANCE' });
    expect(read?.sha256).toBe(s?.sealed?.sha256);
    expect(read?.record.hashes).toEqual(s?.run_hashes.map((h) => h.tree_sha256));
    expect(read?.record.covers).toMatchObject({ from_tick: 0, to_tick: 1 });
    expect(read?.current).toBe(true);
    expect((await verifyRun(dir, 'RUN-INVARIANCE')).ok).toBe(true);

    // Sealing the same verdict again adds nothing; the text names the record.
    const before = readFileSync(join(dir, 'manifests', 'RUN-INVARIANCE.manifest.json'));
    const again = await runCli(['runtime', '--runs', '3', '--ticks', '2', '--seal', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`\nsealed: reproducible as stability/RUN-INVARIANCE/000001.runtime_gate.stability.json (sha256 ${String(s?.sealed?.sha256)}) in ${dir}\n`);
    expect(readFileSync(join(dir, 'manifests', 'RUN-INVARIANCE.manifest.json'))).toEqual(before);
  });

  it('seals a drift as a diverged verdict with its first mismatch, and still exits 1', async () => {
    const dir = join(tempDir(), 'sealed');
    const r = await runCli(['runtime', join(FIXTURES, 'runtime-drift.json'), '--runs', '3', '--json', '--seal', dir]);
    expect(r.code).toBe(1);
    const [read] = await readRunStability({ artifactsDir: dir, runId: 'RUN-DRIFT' });
    expect(read?.record).toMatchObject({ verdict: 'diverged', first_mismatch_index: 1, runs: 3 });
    expect(read?.record.divergence).toMatchObject({ run: 1 });
  });

  it('refuses a folder holding another run under the scenario\'s id, and writes nothing there', async () => {
    const dir = join(tempDir(), 'other');
    // Two ticks of the default scenario, then a gate over a different tick count into the same folder.
    expect((await runCli(['runtime', '--runs', '2', '--ticks', '2', '--seal', dir])).code).toBe(0);
    const manifest = await readManifest(dir, 'RUN-INVARIANCE');
    const files = readdirSync(join(dir, 'stability', 'RUN-INVARIANCE'));
    const r = await runCli(['runtime', '--runs', '2', '--ticks', '1', '--json', '--seal', dir]);
    expect(r.code).toBe(2);
    const s = (JSON.parse(r.stdout) as SealedJson).scenarios[0];
    expect(s?.status).toBe('error');
    expect(s?.error).toBe(`invariance-check: --seal ${dir} holds run RUN-INVARIANCE with other records than the runs the gate compared: not sealed`);
    expect(await readManifest(dir, 'RUN-INVARIANCE')).toEqual(manifest);
    expect(readdirSync(join(dir, 'stability', 'RUN-INVARIANCE'))).toEqual(files);
  });
});

/**
 * `window --seal DIR --run ID`: a stabilization window's verdict sealed into a run of an artifacts
 * folder as a `RunStability.v0` record (source `stabilization_window`) that the runtime reads back
 * checked; a drift is sealed as a drift naming its first drifting cell; a missing half of the
 * option pair or a run the folder does not hold is refused and writes nothing.
 */
import { verifyRun } from '@abraxas/artifacts';
import { readRunStability } from '@abraxas/runtime';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenGate, runCli, tempDir } from './support/cli.js';

interface WindowSealJson {
  runs: number;
  cells: { budget: string; tick: number; ok: boolean; hash: string | null }[];
  sealed: { ref: string; sha256: string; verdict: string };
}

const RUN = 'RUN-INVARIANCE';
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A folder holding run RUN-INVARIANCE at ticks 0 and 1 (written by the runtime gate's own --seal). */
async function folderWithRun(): Promise<string> {
  const dir = join(tempDir(), 'artifacts');
  expect((await runCli(['runtime', '--runs', '2', '--ticks', '2', '--seal', dir])).code).toBe(0);
  return dir;
}

describe('window --seal', () => {
  it("seals an invariant window as reproducible: each run's hash covers its trace hash in every cell", async () => {
    const dir = await folderWithRun();
    const r = await runCli(['window', '--ticks', '2', '--runs', '3', '--budget', '10/10', '--budget', '0/10', '--json', '--seal', dir, '--run', RUN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as WindowSealJson;
    expect(report.sealed).toMatchObject({ ref: `stability/${RUN}/000001.stabilization_window.stability.json`, verdict: 'reproducible' });
    const read = (await readRunStability({ artifactsDir: dir, runId: RUN })).find((s) => s.record.source === 'stabilization_window');
    expect(read?.sha256).toBe(report.sealed.sha256);
    // Every cell agreed, so every run's list of cell hashes is the report's list of agreed hashes.
    const runHash = sha256(JSON.stringify(report.cells.map((c) => c.hash)));
    expect(read?.record.hashes).toEqual([runHash, runHash, runHash]);
    expect(read?.record).toMatchObject({ verdict: 'reproducible', divergence: null, covers: { from_tick: 0, to_tick: 1 } });
    expect(read?.current).toBe(true);
    expect((await verifyRun(dir, RUN)).ok).toBe(true);
    const text = await runCli(['window', '--ticks', '2', '--runs', '3', '--budget', '10/10', '--budget', '0/10', '--seal', dir, '--run', RUN]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`\nsealed: reproducible as stability/${RUN}/000001.stabilization_window.stability.json (sha256 ${report.sealed.sha256}) in ${dir}\n`);
  });

  it('seals a drifting window as diverged, naming the first drifting cell, and still exits 1', async () => {
    const dir = await folderWithRun();
    const scenario: Record<string, unknown> = { ...goldenGate('gate-drift-alternating-error') };
    delete scenario.expect_gate;
    const cwd = tempDir();
    writeFileSync(join(cwd, 'alternating.json'), JSON.stringify(scenario));
    const r = await runCli(['window', 'alternating.json', '--ticks', '1', '--runs', '2', '--budget', '0/10', '--budget', '10/10', '--json', '--seal', dir, '--run', RUN], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as WindowSealJson;
    expect(report.sealed.verdict).toBe('diverged');
    const read = (await readRunStability({ artifactsDir: dir, runId: RUN })).find((s) => s.record.source === 'stabilization_window');
    expect(read?.record).toMatchObject({ verdict: 'diverged', first_mismatch_index: 1, divergence: { budget: '10/10', tick: 0, first_mismatch_index: 1 }, covers: { to_tick: 0 } });
    expect(read?.record.hashes[0]).not.toBe(read?.record.hashes[1]);
  });

  it('refuses --seal without --run (and the reverse), and a run the folder does not hold, writing nothing', async () => {
    const dir = join(tempDir(), 'empty');
    const noRun = await runCli(['window', '--ticks', '1', '--runs', '2', '--seal', dir]);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toBe('invariance-check: --seal needs --run <runId>: the run to seal the verdict into\n');
    const noSeal = await runCli(['window', '--ticks', '1', '--runs', '2', '--run', RUN]);
    expect(noSeal.code).toBe(2);
    expect(noSeal.stderr).toBe('invariance-check: --run needs --seal <dir>\n');
    const missing = await runCli(['window', '--ticks', '1', '--runs', '2', '--budget', '1/1', '--seal', dir, '--run', 'RUN-NONE']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^invariance-check: --seal .* could not seal the window's verdict into run RUN-NONE: .*RUN-NONE/);
    expect(existsSync(join(dir, 'manifests', 'RUN-NONE.manifest.log'))).toBe(false);
  });
});

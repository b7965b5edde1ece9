import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRIFT, GOLDEN_CANONICAL_HASH, goldenGate, runCli, tempDir } from './support/cli.js';

interface WindowJson {
  schema: string;
  ok: boolean;
  exit_code: number;
  scenario: { id: string; source: string };
  mode: string;
  runs: number;
  ticks: number[];
  budgets: { label: string; forecast: { ops: number; entropy: number }; shadow: { ops: number; entropy: number } }[];
  cells: { budget: string; tick: number; ok: boolean; hash: string | null; first_mismatch_index: number | null; divergences: { paths: string[] }[] }[];
  windows: { budget: string; stable_ticks: number }[];
}

/** The golden alternating-error gate vector as a scenario file: one forecast task of cost 1 whose outcome flips every run. */
function alternatingScenario(): { dir: string; file: string } {
  const scenario: Record<string, unknown> = { ...goldenGate('gate-drift-alternating-error') };
  delete scenario.expect_gate;
  const dir = tempDir();
  writeFileSync(join(dir, 'alternating.json'), JSON.stringify(scenario));
  return { dir, file: 'alternating.json' };
}

describe('stabilization windows', () => {
  it('prints the matrix for the canonical scenario: invariant in every cell', async () => {
    const r = await runCli(['window', '--ticks', '2', '--runs', '3', '--budget', '10/10', '--budget', '0:1/1']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'STABILIZATION WINDOW: canonical (builtin:canonical), ticks 0..1, 3 runs per cell, mode in-process',
        'budget f/s  t0  t1  stable window',
        '10/10       ok  ok  ticks 0..1 (all)',
        '0:1/1       ok  ok  ticks 0..1 (all)',
        'ERS STABILIZATION: PASS (4/4 cells invariant)',
        '',
      ].join('\n'),
    });
  });

  it("defaults to 4 ticks, 12 runs and the scenario's own budgets with each lane starved; the tick-0 cell at the spec's budgets is the spec's hash", async () => {
    const report = JSON.parse((await runCli(['window', '--json'])).stdout) as WindowJson;
    expect(report).toMatchObject({ schema: 'StabilizationWindowReport.v1', ok: true, exit_code: 0, runs: 12, ticks: [0, 1, 2, 3], mode: 'in-process' });
    expect(report.budgets.map((b) => b.label)).toEqual(['10/10', '0/10', '10/0', '0/0']);
    expect(report.cells).toHaveLength(16);
    expect(report.cells[0]).toMatchObject({ budget: '10/10', tick: 0, ok: true, hash: GOLDEN_CANONICAL_HASH });
    // Another tick is another trace: the hash must differ from tick 0's.
    expect(report.cells[1]?.hash).not.toBe(GOLDEN_CANONICAL_HASH);
  });

  it('shows where a drifting scenario stabilizes: only a budget too small for the flipping task is invariant', async () => {
    const { dir, file } = alternatingScenario();
    const r = await runCli(['window', file, '--ticks', '3', '--runs', '4', '--budget', '10/10', '--budget', '0/10', '--budget', '1/0', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as WindowJson;
    expect(report.cells.map((c) => `${c.budget}@${c.tick}:${c.ok ? 'ok' : 'drift'}`)).toEqual([
      '10/10@0:drift',
      '10/10@1:drift',
      '10/10@2:drift',
      '0/10@0:ok',
      '0/10@1:ok',
      '0/10@2:ok',
      '1/0@0:drift',
      '1/0@1:drift',
      '1/0@2:drift',
    ]);
    expect(report.windows).toEqual([
      { budget: '10/10', stable_ticks: 0 },
      { budget: '0/10', stable_ticks: 3 },
      { budget: '1/0', stable_ticks: 0 },
    ]);
    expect(report.cells[0]).toMatchObject({ first_mismatch_index: 1, hash: null });
    expect(report.cells[0]?.divergences.map((d) => d.paths)).toEqual([['status'], ['status']]);
  });

  it('lists each drifting cell in the text report', async () => {
    const { dir, file } = alternatingScenario();
    const r = await runCli(['window', file, '--ticks', '1', '--runs', '2', '--budget', '1/0', '--budget', '0/0'], { cwd: dir });
    expect(r.stdout).toBe(
      [
        'STABILIZATION WINDOW: gate-drift-alternating-error (alternating.json), ticks 0..0, 2 runs per cell, mode in-process',
        'budget f/s  t0     stable window',
        '1/0         DRIFT  none',
        '0/0         ok     ticks 0..0 (all)',
        'drift: budget 1/0, tick 0: run 1 differs from run 0 at event 0; differing fields: status',
        'ERS STABILIZATION: FAIL (1/2 cells invariant)',
        '',
      ].join('\n'),
    );
  });

  it('runs every cell isolated too, and takes common options given before the subcommand', async () => {
    const report = JSON.parse((await runCli(['--runs', '2', 'window', '--isolate', '--ticks', '1', '--budget', '1/1', '--json'])).stdout) as WindowJson;
    expect(report).toMatchObject({ ok: true, mode: 'isolate', runs: 2 });
  });

  const usage: [string, string[], string][] = [
    ['a malformed budget', ['window', '--budget', '10'], 'invariance-check: --budget must be <forecast>/<shadow>, each side ops or ops:entropy in non-negative integers (e.g. 10/10 or 2:1/0); got "10"\n'],
    ['a negative budget', ['window', '--budget', '-1/0'], 'invariance-check: --budget must be <forecast>/<shadow>, each side ops or ops:entropy in non-negative integers (e.g. 10/10 or 2:1/0); got "-1/0"\n'],
    ['zero ticks', ['window', '--ticks', '0'], 'invariance-check: --ticks must be an integer from 1 to 1000; got "0"\n'],
    ['ticks beyond the bound', ['window', '--ticks', '1001'], 'invariance-check: --ticks must be an integer from 1 to 1000; got "1001"\n'],
    ['ticks far beyond the bound', ['window', '--ticks', '99999999999999999999'], 'invariance-check: --ticks must be an integer from 1 to 1000; got "99999999999999999999"\n'],
    ['a check option before the subcommand', ['--update', 'window'], 'invariance-check: --update does not apply to a subcommand\n'],
    ['a module scenario', ['window', join(DRIFT, 'counter-leak.ts')], ''],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 on ${what}`, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      if (message !== '') expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(/counter-leak\.ts: \(kind\) must be a declarative JSON scenario: window varies its tick and budgets\n$/);
    });
  }
});

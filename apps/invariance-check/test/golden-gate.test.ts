import { gateVectors } from '@abraxas/golden-vectors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenGate, runCli, tempDir } from './support/cli.js';

/** Writes a golden gate vector (without its expected result) as a scenario file. */
function gateScenarioFile(id: string): { dir: string; file: string } {
  const scenario: Record<string, unknown> = { ...goldenGate(id) };
  delete scenario.expect_gate;
  const dir = tempDir();
  writeFileSync(join(dir, `${id}.json`), JSON.stringify(scenario));
  return { dir, file: `${id}.json` };
}

interface Report {
  exit_code: number;
  scenarios: { status: string; gate: unknown; divergences: { run: number; event_index: number; a: unknown; b: unknown; paths: string[] }[] }[];
}

describe('golden gate vectors replayed as scenario files', () => {
  for (const vector of gateVectors) {
    it(`${vector.id}: the gate result is the reference's, field for field`, async () => {
      const { dir, file } = gateScenarioFile(vector.id);
      const r = await runCli([file, '--json'], { cwd: dir });
      const report = JSON.parse(r.stdout) as Report;
      expect(report.scenarios[0]?.gate).toEqual(vector.expect_gate);
      expect(r.code).toBe(vector.expect_gate.ok ? 0 : 1);
      expect(report.exit_code).toBe(r.code);
    });
  }

  it('gate-drift-alternating-error: every mismatching run gets its divergence, the first one equal to the reference report', async () => {
    const vector = goldenGate('gate-drift-alternating-error');
    const { dir, file } = gateScenarioFile(vector.id);
    const report = JSON.parse((await runCli([file, '--json'], { cwd: dir })).stdout) as Report;
    const [scenario] = report.scenarios;
    expect(scenario?.status).toBe('drift');
    const divergences = scenario?.divergences ?? [];
    expect(divergences.map((d) => d.run)).toEqual([1, 3, 5, 7, 9, 11]);
    const reference = vector.expect_gate.divergence as { event_index: number; diff: { a: unknown; b: unknown } };
    for (const d of divergences) {
      expect(d.event_index).toBe(reference.event_index);
      expect(d.a).toEqual(reference.diff.a);
      expect(d.b).toEqual(reference.diff.b);
      expect(d.paths).toEqual(['status']);
    }
  });

  it('gate-drift-alternating-error: the text report lists the expected hash, every run, the first mismatch and the divergence side by side', async () => {
    const vector = goldenGate('gate-drift-alternating-error');
    const { dir, file } = gateScenarioFile(vector.id);
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(1);
    const [h0, h1] = vector.expect_gate.hashes;
    const runLines = vector.expect_gate.hashes.map((h, i) => `run ${String(i).padStart(2)}: ${h}${h === h0 ? '' : '  (differs)'}`);
    expect(r.stdout).toBe(
      [
        `scenario: gate-drift-alternating-error (${file})`,
        'ERS INVARIANCE: FAIL',
        `expected hash: ${vector.expect_gate.expected_hash}`,
        ...runLines,
        'first mismatch: run 1',
        'divergence: runs 1, 3, 5, 7, 9, 11 differ from run 0 at event 0 (task "task"); differing fields: status',
        '    field         run 0       run 1',
        '    cost_entropy  0           0',
        '    cost_ops      1           1',
        '    lane          "forecast"  "forecast"',
        '    meta.tags     []          []',
        '  * status        "ok"        "error"',
        '    task          "task"      "task"',
        '    tick          0           0',
        '',
        'ERS INVARIANCE SUMMARY: FAIL (1 scenario: 0 pass, 1 fail, 0 error)',
        '',
      ].join('\n'),
    );
    expect(h1).not.toBe(h0);
  });
});

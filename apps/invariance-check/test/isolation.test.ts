import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRIFT, runCli, tempDir } from './support/cli.js';

interface Report {
  exit_code: number;
  scenarios: {
    id: string;
    status: string;
    mode: string;
    runs: number;
    gate: { ok: boolean; hashes: string[]; first_mismatch_index: number | null };
    divergences: { run: number; event_index: number; paths: string[]; extra: unknown }[];
  }[];
}

async function gate(fixture: string, mode: readonly string[], runs = 4): Promise<{ code: number | null; report: Report }> {
  const r = await runCli([join(DRIFT, fixture), '--json', '--runs', String(runs), ...mode]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const IN_PROCESS: readonly string[] = [];
const ISOLATE = ['--isolate'];
const VARY_ENV = ['--vary-env'];

// Each fixture is caught by exactly the modes that can see its bug (see test/fixtures/README.md).
const matrix: [string, boolean, boolean, boolean][] = [
  // fixture,          in-process, --isolate, --vary-env  (true = the gate passes)
  ['counter-leak.ts', false, true, true],
  ['cache-leak.ts', false, true, true],
  ['memo-seed.ts', true, false, false],
  ['tz-locale.ts', true, true, false],
  ['cwd-name.ts', true, true, false],
];

describe('drift fixtures: each mode catches its kind of drift and only that', () => {
  for (const [fixture, inProcess, isolate, varyEnv] of matrix) {
    for (const [mode, passes] of [
      [IN_PROCESS, inProcess],
      [ISOLATE, isolate],
      [VARY_ENV, varyEnv],
    ] as const) {
      it(`${fixture} ${mode.length === 0 ? 'in-process' : mode[0]}: ${passes ? 'passes' : 'fails'}`, async () => {
        const { code, report } = await gate(fixture, mode);
        expect(code).toBe(passes ? 0 : 1);
        expect(report.scenarios[0]?.status).toBe(passes ? 'pass' : 'drift');
        expect(report.scenarios[0]?.gate.ok).toBe(passes);
      });
    }
  }
});

describe('what the drift reports say', () => {
  it('counter-leak in-process: every run differs from run 0 at meta.tags[1]', async () => {
    const { report } = await gate('counter-leak.ts', IN_PROCESS, 12);
    const [s] = report.scenarios;
    expect(s?.runs).toBe(12);
    expect(s?.gate.first_mismatch_index).toBe(1);
    expect(new Set(s?.gate.hashes).size).toBe(12);
    expect(s?.divergences.map((d) => [d.run, d.event_index, d.paths])).toEqual(
      Array.from({ length: 11 }, (_, i) => [i + 1, 1, ['meta.tags[1]']]),
    );
  });

  it('cache-leak in-process: later runs lack the cache:fill event', async () => {
    const { report } = await gate('cache-leak.ts', IN_PROCESS);
    const [first] = report.scenarios[0]?.divergences ?? [];
    expect(first).toMatchObject({ run: 1, event_index: 1, paths: ['_len'], extra: { side: 'a', event: { task: 'cache:fill' } } });
  });

  it('tz-locale under --vary-env: the time zone shows at meta.tags[0], the locale at meta.tags[1]', async () => {
    const { report } = await gate('tz-locale.ts', VARY_ENV, 3);
    // run 1: America/New_York, en_US (the same number format as run 0's C.UTF-8); run 2: Asia/Kolkata, fr_FR.
    expect(report.scenarios[0]?.divergences.map((d) => [d.run, d.paths])).toEqual([
      [1, ['meta.tags[0]']],
      [2, ['meta.tags[0]', 'meta.tags[1]']],
    ]);
  });

  it('cwd-name under --vary-env: the task name itself differs', async () => {
    const { report } = await gate('cwd-name.ts', VARY_ENV, 2);
    expect(report.scenarios[0]?.divergences.map((d) => d.paths)).toEqual([['task']]);
  });

  it('--vary-env removes the working folders it made', async () => {
    const tmp = tempDir();
    const r = await runCli([join(DRIFT, 'cwd-name.ts'), '--vary-env', '--runs', '3'], { env: { ...process.env, TMPDIR: tmp } });
    expect(r.code).toBe(1);
    // (tsx keeps its own compile cache there; the run folders are ours.)
    expect(readdirSync(tmp).filter((name) => name.startsWith('abraxas-invariance-'))).toEqual([]);
  });

  it('prints each run environment beside its hash in the text report', async () => {
    const r = await runCli([join(DRIFT, 'tz-locale.ts'), '--vary-env', '--runs', '2']);
    expect(r.stdout).toMatch(/\nrun 0: [0-9a-f]{64} {2}\[TZ=UTC LANG=C\.UTF-8 cwd=\$TMP\/run-00\]\n/);
    expect(r.stdout).toMatch(/\nrun 1: [0-9a-f]{64} {2}\(differs\) {2}\[TZ=America\/New_York LANG=en_US\.UTF-8 cwd=\$TMP\/run 01\/with space\]\n/);
    expect(r.stdout).toContain('  * meta.tags[0]  "hour:0"          "hour:19"\n');
  });
});

import { goldenVectors as golden } from '@abraxas/golden-vectors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from './support/cli.js';

interface RuntimeJson {
  schema: string;
  ok: boolean;
  exit_code: number;
  scenarios: {
    id: string;
    status: string;
    mode: string;
    runs: number;
    artifacts: {
      ticks: { tick: number; trendpack: string; trendpack_sha256: string; runindex: string; runindex_sha256: string }[];
      manifest: string;
      manifest_sha256: string;
      tree_sha256: string;
      files: { path: string; sha256: string; bytes: number }[];
    } | null;
    run_hashes: { run: number; tree_sha256: string; manifest_sha256: string }[];
    first_mismatch_index: number | null;
    divergences: { run: number; files: { path: string; kind: string; tick: number | null; paths: string[] }[] }[];
    error: string | null;
  }[];
}

async function runtimeJson(args: readonly string[], cwd?: string): Promise<{ code: number | null; report: RuntimeJson }> {
  const r = await runCli(['runtime', '--json', ...args], cwd === undefined ? {} : { cwd });
  return { code: r.code, report: JSON.parse(r.stdout) as RuntimeJson };
}

describe('the runtime-level gate', () => {
  it('refuses a runtime scenario with runs = 1: a gate compares at least two runs', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'one.json'), JSON.stringify({ id: 'one', tick: 0, run_id: 'RUN-1', mode: 'test', runs: 1 }));
    const r = await runCli(['runtime', 'one.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('one.json: runs must be an integer from 2 to 1000 (a gate compares at least two runs); got 1\n');
  });

  it('replays the golden runtime vectors: every run agrees and each TrendPack is the reference one', async () => {
    const dir = tempDir();
    const files = golden.runtime.map((v) => {
      const scenario: Record<string, unknown> = { ...v };
      delete scenario.expect;
      writeFileSync(join(dir, `${v.id}.json`), JSON.stringify(scenario));
      return `${v.id}.json`;
    });
    const { code, report } = await runtimeJson([...files, '--runs', '3'], dir);
    expect(code).toBe(0);
    expect(report.scenarios.map((s) => s.id)).toEqual(golden.runtime.map((v) => v.id));
    for (const [i, v] of golden.runtime.entries()) {
      const s = report.scenarios[i];
      expect(s?.status).toBe('pass');
      expect(s?.artifacts?.ticks).toHaveLength(1);
      expect(s?.artifacts?.ticks[0]?.trendpack).toBe(v.expect.trendpack_rel_path);
      expect(s?.artifacts?.ticks[0]?.trendpack_sha256).toBe(v.expect.trendpack_sha256);
      expect(s?.artifacts?.manifest).toBe(`manifests/${v.run_id}.manifest.json`);
    }
  });

  it('gives byte-identical trees in 12 fresh folders, and the same tree in fresh workers and under varied TZ, locale and working folder', async () => {
    const inProcess = await runtimeJson([]);
    expect(inProcess.code).toBe(0);
    const [s] = inProcess.report.scenarios;
    expect(s?.runs).toBe(12);
    expect(new Set(s?.run_hashes.map((h) => h.tree_sha256))).toEqual(new Set([s?.artifacts?.tree_sha256]));
    expect(s?.artifacts?.ticks.map((t) => t.tick)).toEqual([0, 1, 2]);
    expect(s?.artifacts?.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'manifests/RUN-INVARIANCE.manifest.json',
        'run_index/RUN-INVARIANCE/000002.runindex.json',
        'viz/RUN-INVARIANCE/000000.trendpack.json',
      ]),
    );
    const isolated = await runtimeJson(['--isolate', '--runs', '3']);
    const varied = await runtimeJson(['--vary-env', '--runs', '3']);
    expect(isolated.report.scenarios[0]?.artifacts?.tree_sha256).toBe(s?.artifacts?.tree_sha256);
    expect(varied.report.scenarios[0]?.artifacts?.tree_sha256).toBe(s?.artifacts?.tree_sha256);
    expect(varied.report.scenarios[0]?.run_hashes.every((h) => h.tree_sha256 === s?.artifacts?.tree_sha256)).toBe(true);
  });

  it('runs ticks 0..k-1 with --ticks', async () => {
    const { report } = await runtimeJson(['--ticks', '2', '--runs', '2']);
    expect(report.scenarios[0]?.artifacts?.ticks.map((t) => t.tick)).toEqual([0, 1]);
  });

  it('fails a drifting runtime scenario and names every differing file, its kind, tick and fields', async () => {
    const { code, report } = await runtimeJson([join(FIXTURES, 'runtime-drift.json'), '--runs', '4']);
    expect(code).toBe(1);
    const [s] = report.scenarios;
    expect(s?.status).toBe('drift');
    expect(s?.first_mismatch_index).toBe(1);
    expect(s?.divergences.map((d) => d.run)).toEqual([1, 3]);
    const run1 = s?.divergences[0]?.files ?? [];
    const byPath = (path: string) => run1.find((f) => f.path === path);
    // Tick 0's timeline: oracle:signal, oracle:compress, oracle:overlay, shadow:sei — the shadow task is index 3.
    expect(byPath('viz/RUN-DRIFT/000000.trendpack.json')).toMatchObject({ kind: 'trendpack', tick: 0 });
    expect(byPath('viz/RUN-DRIFT/000000.trendpack.json')?.paths).toEqual(expect.arrayContaining(['timeline[3].status', 'stats.errors']));
    expect(byPath('run_index/RUN-DRIFT/000001.runindex.json')).toMatchObject({ kind: 'runindex', tick: 1 });
    expect(byPath('run_index/RUN-DRIFT/000001.runindex.json')?.paths).toEqual(expect.arrayContaining(['hashes.trendpack_sha256']));
    expect(byPath('manifests/RUN-DRIFT.manifest.json')).toMatchObject({ kind: 'manifest', tick: null });
    // Run 3 fails oracle:compress: timeline index 1.
    const run3 = s?.divergences[1]?.files ?? [];
    expect(run3.find((f) => f.kind === 'trendpack' && f.tick === 1)?.paths).toEqual(expect.arrayContaining(['timeline[1].status']));
  });

  it('prints the drift in text: every run tree, the first mismatch and the differing files', async () => {
    const r = await runCli(['runtime', join(FIXTURES, 'runtime-drift.json'), '--runs', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^scenario: fixture-runtime-drift \(.*runtime-drift\.json\)\nRUNTIME INVARIANCE: FAIL\n/);
    expect(r.stdout).toMatch(/\nrun 1: tree [0-9a-f]{64} {2}\(differs\)\n/);
    expect(r.stdout).toContain('\nfirst mismatch: run 1\ndivergence: run 1 differs from run 0 in ');
    expect(r.stdout).toMatch(/\n {2}viz\/RUN-DRIFT\/000000\.trendpack\.json \(trendpack, tick 0\): [0-9a-f]{64} -> [0-9a-f]{64}; differing fields: .*timeline\[3\]\.status/);
  });

  it('prints the verdict and the hashes of a passing run', async () => {
    const r = await runCli(['runtime', '--runs', '2', '--ticks', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'scenario: runtime-default (builtin:runtime)',
      'RUNTIME INVARIANCE: PASS',
      'runs: 2, each into a fresh artifacts folder (mode in-process); run id RUN-INVARIANCE, ticks 0',
    ]);
    expect(lines[3]).toMatch(/^tick 0 trendpack: [0-9a-f]{64}$/);
    expect(lines[4]).toMatch(/^tick 0 runindex: {2}[0-9a-f]{64}$/);
    expect(lines[5]).toMatch(/^manifest: [0-9a-f]{64}$/);
    expect(lines[6]).toMatch(/^tree: [0-9a-f]{64} \(\d+ files\)$/);
  });

  it('exits 2 on a runtime scenario that breaks a rule, naming file, field and rule', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ tick: 0, run_id: 'R', mode: 'm', shadow_tasks: ['sei'], failing: ['shadow:other'] }));
    const r = await runCli(['runtime', 'bad.json'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'bad.json: failing[0] must name a task of this scenario (oracle:signal, oracle:compress, oracle:overlay, shadow:sei); got "shadow:other"\n',
    });
  });

  it('reports a run the runtime refuses (a bad run id) as an ERROR and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'badrun.json'), JSON.stringify({ tick: 0, run_id: '../escape', mode: 'm' }));
    const r = await runCli(['runtime', 'badrun.json', '--runs', '2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('RUNTIME INVARIANCE: ERROR\nerror: badrun.json: run 0 failed: RuntimeValidationError: ');
  });
});

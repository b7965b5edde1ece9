import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, DRIFT, REPO_ROOT, goldenGate, runCli, tempDir } from './support/cli.js';

// The spec's output for `pnpm invariance`, verbatim.
const SPEC_OUTPUT = 'ERS INVARIANCE: PASS\nhash: ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16\n';

describe('--version', () => {
  it('prints the app\'s version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('bare invocation (`pnpm invariance`)', () => {
  it("prints exactly the spec's two lines and exits 0", async () => {
    const r = await runCli([]);
    expect(r).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
  });

  it('prints the same from any working folder (the lock is found from the app, not the cwd)', async () => {
    expect(await runCli([], { cwd: tempDir() })).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
  });

  it('ignores a leading `--` as `pnpm invariance -- ...` may pass it', async () => {
    expect(await runCli(['--'])).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
    const r = await runCli(['--', '--runs', '3']);
    expect(r).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
  });

  it("keeps the spec's two lines in every isolation mode", async () => {
    expect(await runCli(['--isolate', '--runs', '3'])).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
    expect(await runCli(['--vary-env', '--runs', '3'])).toEqual({ code: 0, stdout: SPEC_OUTPUT, stderr: '' });
  });
});

describe('--json', () => {
  it('reports the gate result of the golden gate-stable vector (the canonical scenario), field for field', async () => {
    const r = await runCli(['--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['exit_code', 'lock', 'ok', 'scenarios', 'schema']);
    expect(report).toMatchObject({ schema: 'InvarianceReport.v1', ok: true, exit_code: 0 });
    expect(report.lock).toEqual({ path: 'invariance.lock.json', stale_fails: false, stale_pins: [], update_refused: null, written: false });
    const [scenario] = report.scenarios as Record<string, unknown>[];
    expect(Object.keys(scenario ?? {})).toEqual([
      'divergences',
      'environments',
      'error',
      'gate',
      'hash',
      'id',
      'mode',
      'ok',
      'pin',
      'repin_command',
      'runs',
      'source',
      'status',
    ]);
    expect(scenario).toMatchObject({
      id: 'canonical',
      source: 'builtin:canonical',
      status: 'pass',
      ok: true,
      mode: 'in-process',
      runs: 12,
      hash: goldenGate('gate-stable').expect_gate.expected_hash,
      divergences: [],
      environments: null,
      repin_command: null,
      error: null,
    });
    expect(scenario?.gate).toEqual(goldenGate('gate-stable').expect_gate);
    expect(scenario?.pin).toEqual({ status: 'match', pinned: goldenGate('gate-stable').expect_gate.expected_hash, actual: goldenGate('gate-stable').expect_gate.expected_hash, fails: false });
  });

  it('is canonical JSON (sorted keys, no spaces), so the same run prints the same bytes', async () => {
    const a = await runCli(['--json', '--runs', '2']);
    const b = await runCli(['--json', '--runs', '2']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(/": /);
  });

  it('records each run environment under --vary-env', async () => {
    const r = await runCli(['--json', '--vary-env', '--runs', '3']);
    const [scenario] = (JSON.parse(r.stdout) as { scenarios: { mode: string; environments: unknown }[] }).scenarios;
    expect(scenario?.mode).toBe('vary-env');
    expect(scenario?.environments).toEqual([
      { run: 0, tz: 'UTC', lang: 'C.UTF-8', cwd: 'run-00' },
      { run: 1, tz: 'America/New_York', lang: 'en_US.UTF-8', cwd: 'run 01/with space' },
      { run: 2, tz: 'Asia/Kolkata', lang: 'fr_FR.UTF-8', cwd: 'rün-02/deeper/still' },
    ]);
  });
});

describe('usage errors exit 2 with a message naming the problem', () => {
  const cases: [string, string[], string][] = [
    ['--runs 0', ['--runs', '0'], 'invariance-check: --runs must be an integer from 2 to 1000; got "0"\n'],
    ['--runs 1 (a gate compares at least two runs)', ['--runs', '1'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1"\n'],
    ['--runs 1 before a subcommand', ['--runs', '1', 'window'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1"\n'],
    ['--runs 1 after window', ['window', '--runs', '1'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1"\n'],
    ['--runs 1 after runtime', ['runtime', '--runs', '1'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1"\n'],
    ['--runs 1001', ['--runs', '1001'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1001"\n'],
    ['--runs abc', ['--runs', 'abc'], 'invariance-check: --runs must be an integer from 2 to 1000; got "abc"\n'],
    ['--runs 1.5', ['--runs', '1.5'], 'invariance-check: --runs must be an integer from 2 to 1000; got "1.5"\n'],
    ['runtime --ticks beyond the bound', ['runtime', '--ticks', '1001'], 'invariance-check: --ticks must be an integer from 1 to 1000; got "1001"\n'],
    ['an unknown option', ['--bogus'], "invariance-check: unknown option '--bogus'\n"],
    ['a missing option value', ['--lock'], "invariance-check: option '--lock <file>' argument missing\n"],
    ['a missing scenario file', ['no/such.json'], 'no/such.json: (file) cannot be read: Error: ENOENT: no such file or directory, open '],
    ['an unsupported file type', ['README.md'], 'README.md: (file name) must end in .json, .ts, .mts, .cts, .js, .mjs, .cjs\n'],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(message)).toBe(true);
    });
  }

  it('names the file, field and rule of a bad scenario file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ tick: 0, budget_forecast: { ops: 1 }, budget_shadow: { ops: 1 }, tasks: [{ name: 'x', lane: 'up', priority: 0, cost_ops: 1 }] }));
    const r = await runCli(['bad.json'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `bad.json: tasks[0].lane must be one of 'forecast', 'shadow'; got "up"\n` });
  });

  it('names the file of invalid JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ "tick": ');
    const r = await runCli(['broken.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^broken\.json: \(contents\) must be valid JSON: SyntaxError: /);
  });

  it('prints a JSON error record on stdout under --json', async () => {
    const r = await runCli(['--json', '--runs', '0']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      schema: 'InvarianceReport.v1',
      ok: false,
      exit_code: 2,
      error: 'invariance-check: --runs must be an integer from 2 to 1000; got "0"',
    });
  });

  it('rejects two scenarios with the same id', async () => {
    const dir = tempDir();
    const scenario = JSON.stringify({ id: 'same', tick: 0, budget_forecast: { ops: 1 }, budget_shadow: { ops: 1 }, tasks: [] });
    writeFileSync(join(dir, 'a.json'), scenario);
    writeFileSync(join(dir, 'b.json'), scenario);
    const r = await runCli(['a.json', 'b.json'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'b.json: id must be unique among the scenarios of one run; a.json has the same id; got "same"\n' });
  });

  it('prints help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: invariance-check [options] [command] [scenarios...]');
    expect(r.stdout).toContain('--vary-env');
  });
});

describe('a reader that closes stdout early', () => {
  for (const [what, args, verdict] of [
    ['a passing check', [], 0],
    ['a drifting check', [join(DRIFT, 'counter-leak.ts'), '--runs', '3'], 1],
  ] as const) {
    it(`does not crash on EPIPE, and the exit code is still the verdict (${what})`, async () => {
      await runCli(['--runs', '1']); // refuses a stale build before spawning directly
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy(); // the reader is gone before the first line is written
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.once('error', reject);
        child.once('close', (code) => {
          resolve({ code, stderr });
        });
      });
      expect(result).toEqual({ code: verdict, stderr: '' });
    });
  }
});

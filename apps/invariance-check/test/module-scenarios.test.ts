import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, runCli, tempDir } from './support/cli.js';

const EVENT = { tick: 0, task: 't', lane: 'forecast', status: 'ok', cost_ops: 1, cost_entropy: 0, meta: { tags: [] } };

function moduleFile(name: string, source: string): { dir: string; file: string } {
  const dir = tempDir();
  writeFileSync(join(dir, name), source);
  return { dir, file: name };
}

describe('module scenarios', () => {
  it('loads a TypeScript module through tsx, with its exported id, sync or async', async () => {
    const { dir, file } = moduleFile(
      'typed.ts',
      `type Ev = Record<string, unknown>;\nexport const id = 'typed-module';\nexport async function makeTrace(_i: number): Promise<Ev[]> { await Promise.resolve(); return [${JSON.stringify(EVENT)}]; }\n`,
    );
    const r = await runCli([file, '--json', '--runs', '3'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { scenarios: { id: string; source: string; runs: number; status: string }[] };
    expect(report.scenarios[0]).toMatchObject({ id: 'typed-module', source: 'typed.ts', runs: 3, status: 'pass' });
  });

  it('refuses a module that exports runs = 1: a gate compares at least two runs', async () => {
    const { dir, file } = moduleFile('one-run.mjs', `export const runs = 1;\nexport function makeTrace() { return [${JSON.stringify(EVENT)}]; }\n`);
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('one-run.mjs: runs must be an integer from 2 to 1000 (a gate compares at least two runs) when exported; got 1\n');
  });

  it('loads a JavaScript module, its id defaulting to the file name, its exported runs used without --runs', async () => {
    const { dir, file } = moduleFile('plain-js.mjs', `export const runs = 5;\nexport function makeTrace() { return [${JSON.stringify(EVENT)}]; }\n`);
    const report = JSON.parse((await runCli([file, '--json'], { cwd: dir })).stdout) as { scenarios: { id: string; runs: number }[] };
    expect(report.scenarios[0]).toMatchObject({ id: 'plain-js', runs: 5 });
  });

  it('runs the repo TypeScript scenario in fresh workers too', async () => {
    const r = await runCli([join(APP_DIR, 'scenarios', 'multi-tick-async.ts'), '--isolate', '--runs', '2', '--json']);
    expect(r.code).toBe(0);
  });

  it('exits 2 when makeTrace is not exported', async () => {
    const { dir, file } = moduleFile('none.mjs', 'export const trace = [];\n');
    const r = await runCli([file], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'none.mjs: makeTrace must be an exported function makeTrace(runIndex) returning trace events; got undefined\n' });
  });

  it('exits 2 on a bad exported id', async () => {
    const { dir, file } = moduleFile('badid.mjs', "export const id = 'no spaces allowed';\nexport function makeTrace() { return []; }\n");
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('badid.mjs: id must start with an ASCII letter and use only ASCII letters, digits, ".", "_", ":" or "-" (at most 100 characters); got "no spaces allowed"\n');
  });

  it('exits 2 when a module cannot be imported', async () => {
    const { dir, file } = moduleFile('broken.ts', 'export const = ;\n');
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith('broken.ts: (module) cannot be imported: ')).toBe(true);
  });

  for (const mode of [[], ['--isolate'], ['--vary-env']]) {
    it(`reports a run that throws as an ERROR and exits 2 (${mode[0] ?? 'in-process'})`, async () => {
      const { dir, file } = moduleFile('throws.mjs', "export function makeTrace(i) { if (i === 1) throw new RangeError('no data for run 1'); return []; }\n");
      const r = await runCli([file, '--runs', '3', ...mode], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe(
        'scenario: throws (throws.mjs)\nERS INVARIANCE: ERROR\nerror: throws.mjs: run 1 failed: RangeError: no data for run 1\n\nERS INVARIANCE SUMMARY: FAIL (1 scenario: 0 pass, 0 fail, 1 error)\n',
      );
    });
  }

  it('reports a run that returns something other than a trace as an ERROR', async () => {
    const { dir, file } = moduleFile('notrace.mjs', "export function makeTrace() { return [{ task: 'x' }]; }\n");
    const r = await runCli([file, '--runs', '2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error: notrace.mjs: run 0 failed: ErsValidationError: canonicalizeTrace: trace[0].tick must be a non-negative safe integer; got undefined\n');
  });

  it('still runs the other scenarios when one errors', async () => {
    const { dir, file } = moduleFile('throws.mjs', "export function makeTrace() { throw new Error('always'); }\n");
    const r = await runCli([file, join(APP_DIR, 'scenarios', 'budget-exhaustion.json'), '--json'], { cwd: dir });
    const report = JSON.parse(r.stdout) as { exit_code: number; scenarios: { id: string; status: string }[] };
    expect(report.exit_code).toBe(2);
    expect(report.scenarios.map((s) => [s.id, s.status])).toEqual([
      ['throws', 'error'],
      ['budget-exhaustion', 'pass'],
    ]);
  });
});

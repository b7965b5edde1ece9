import { verifyRun } from '@abraxas/artifacts';
import { filesOf } from '@abraxas/store-contract';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, schedule, tempDir } from './support/cli.js';

const ESC = '\u001b[';

describe('pnpm demo (the CLI)', () => {
  it('runs N ticks into --out, prints plain progress lines and a summary, exit 0', async () => {
    const out = join(await tempDir(), 'out');
    const r = await runCli(['--out', out, '--ticks', '12', '--no-fsync']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.includes(ESC)).toBe(false);
    const tickLines = r.stdout.split('\n').filter((l) => l.startsWith('tick '));
    expect(tickLines.length).toBe(12);
    // Tick 0 is the one qualifying tick a candidate needs (default policy): both metrics move to shadow.
    expect(tickLines[0]).toMatch(/^tick\s+0 \( 1\/12\)\s+forecast 30\/50 ops\s+shadow \d+\/20 ops {2}promoted burst_load → shadow; promoted volatility → shadow$/);
    expect(tickLines[6]).toMatch(/promoted volatility → canary$/);
    // The documented schedule: dropout fails at tick 3 and 11, overlay is skipped at 5 and 11.
    expect(tickLines[3]).toMatch(/error shadow:dropout$/);
    expect(tickLines[5]).toMatch(/forecast 20\/50 ops .*skipped oracle:overlay$/);
    expect(tickLines[11]).toMatch(/error shadow:dropout; skipped oracle:overlay$/);

    const v = await verifyRun(out, 'demo');
    expect(v.ok).toBe(true);
    expect(r.stdout).toContain('Abraxas demo: run demo (mode demo, input seed 7)');
    // 8 tasks a tick: 3 forecast steps, 3 shadow tasks, 2 metrics.
    expect(r.stdout).toMatch(/ticks {6}12 \(0–11\), 96 events/);
    expect(r.stdout).toContain('  errors     2\n               shadow:dropout at ticks 3, 11\n');
    expect(r.stdout).toContain('  skips      2\n               oracle:overlay at ticks 5, 11\n');
    expect(r.stdout).toContain('  metrics    2 candidates, 24 decisions replayed from the ledger\n');
    expect(r.stdout).toContain('               burst_load  shadow: shadow at tick 0; window reset by invariance drift at ticks 5, 11\n');
    expect(r.stdout).toContain('               volatility  canary: shadow at tick 0, canary at 6\n');
    expect(r.stdout).toContain(`  verified   ok: ${v.checked} artifacts match the manifest`);
    expect(v.checked).toBe(12 * 4 + 2); // a TrendPack, a RunIndex, a decision record and a ResultsPack per tick, the run header and the stability verdict
    expect(r.stdout).toContain(`  root hash  ${v.root_hash}`);
    expect(r.stdout).toContain(`  report     ${join(out, 'report.html')}`);
    expect(r.stdout).toContain(`  manifest   ${join(out, 'manifests', 'demo.manifest.json')}`);
    expect(r.stdout).toContain(`  promotion  ${join(out, 'promotion', 'demo')}/`);
    expect(r.stdout).toContain(`  header     ${join(out, 'header', 'demo')}/`);
    expect(r.stdout).toContain('  header     demo seed 7; written by @abraxas/');
    expect((await readdir(out)).sort()).toEqual(['header', 'manifests', 'promotion', 'report.html', 'results', 'run_index', 'stability', 'viz']);
  });

  it('says "in N ticks" only when a tick holds several errors or skips, never "1 in 1 ticks"', async () => {
    const out = join(await tempDir(), 'out');
    const r = await runCli(['--out', out, '--ticks', '4', '--no-fsync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  errors     1\n               shadow:dropout at tick 3\n  skips      0\n');
    expect(r.stdout).not.toMatch(/ in \d+ ticks?\n/);
  });

  it('defaults to 24 ticks and accepts the npm-style leading --', async () => {
    const out = join(await tempDir(), 'out');
    const r = await runCli(['--', '--out', out, '--no-fsync']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('tick ')).length).toBe(24);
    expect(r.stdout).toContain(`shadow:dropout at ticks ${schedule.errorTicks(24).join(', ')}`);
    expect(r.stdout).toContain(`oracle:overlay at ticks ${schedule.skipTicks(24).join(', ')}`);
    expect(schedule.errorTicks(24)).toEqual([3, 11, 19]);
    expect(schedule.skipTicks(24)).toEqual([5, 11, 17, 23]);
    // Default policy: candidate 1 + shadow 6 + canary 6 qualifying ticks: promoted at tick 12.
    expect(r.stdout).toContain('volatility  promoted: shadow at tick 0, canary at 6, promoted at 12\n');
    expect(r.stdout).toContain(`burst_load  shadow: shadow at tick 0; window reset by invariance drift at ticks ${schedule.driftTicks(24).join(', ')}\n`);
  });

  it('resolves a relative --out against the working folder, or where pnpm was invoked', async () => {
    const cwd = await tempDir();
    const r = await runCli(['--out', 'rel', '--ticks', '2', '--no-fsync'], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'rel', 'report.html'))).toBe(true);
    expect(r.stdout).toContain(`  report     ${join('rel', 'report.html')}`);

    // As `pnpm demo` runs it: in the repo root, with the invoking folder in INIT_CWD.
    const invoked = await tempDir();
    const root = await tempDir();
    const p = await runCli(['--out', './here', '--ticks', '1', '--no-fsync'], {
      cwd: root,
      env: { INIT_CWD: invoked, npm_lifecycle_event: 'demo' },
    });
    expect(p.code).toBe(0);
    expect(existsSync(join(invoked, 'here', 'report.html'))).toBe(true);
    expect(existsSync(join(root, 'here'))).toBe(false);
  });

  it('is deterministic: two folders get byte-identical trees and reports; a rerun is idempotent', async () => {
    const a = join(await tempDir(), 'a');
    const b = join(await tempDir(), 'elsewhere', 'b');
    expect((await runCli(['--out', a, '--ticks', '8', '--no-fsync'])).code).toBe(0);
    expect((await runCli(['--out', b, '--ticks', '8', '--no-fsync'])).code).toBe(0);
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
    const again = await runCli(['--out', a, '--ticks', '8', '--no-fsync']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  ticks      8 (0–7), 64 events\n               a rerun: the folder already held every tick, and each matched\n');
    const ta2 = filesOf(a);
    for (const [path, bytes] of ta) expect(ta2.get(path)?.equals(bytes), path).toBe(true);
  });

  it('refuses, writing nothing, to run fewer ticks into a folder that holds a longer run of the same id', async () => {
    const out = join(await tempDir(), 'out');
    const full = await runCli(['--out', out, '--ticks', '12', '--no-fsync']);
    expect(full.code).toBe(0);
    const before = filesOf(out);
    const r = await runCli(['--out', out, '--ticks', '4', '--no-fsync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `abraxas-demo: ${out} already holds run demo with 12 ticks (0–11), more than --ticks 4; nothing was written. ` +
        'Run it with --ticks 12 (or more, to continue it), or use another --out or --run-id.\n',
    );
    expect(r.stdout).not.toMatch(/root hash|verified/);
    const after = filesOf(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(after.get(path)?.equals(bytes), path).toBe(true);
  });

  it('continues a shorter run of the same id to the ticks asked for, as if run in one go', async () => {
    const parts = join(await tempDir(), 'parts');
    const whole = join(await tempDir(), 'whole');
    expect((await runCli(['--out', parts, '--ticks', '4', '--no-fsync'])).code).toBe(0);
    const r = await runCli(['--out', parts, '--ticks', '8', '--no-fsync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  ticks      8 (0–7), 64 events\n               continued: ticks 0–3 were already in the folder, and each matched\n');
    // 8 ticks of 4 records each (with its ResultsPack), the run header, and a stability verdict for 4 ticks and for 8.
    expect(r.stdout).toContain('  verified   ok: 35 artifacts match the manifest');
    expect((await runCli(['--out', whole, '--ticks', '8', '--no-fsync'])).code).toBe(0);
    // The same ticks, byte for byte; the continued run also keeps the verdict sealed after its first 4
    // ticks (so its manifest, root and report differ by that record).
    const tp = filesOf(parts);
    const tw = filesOf(whole);
    const firstVerdict = 'stability/demo/000003.runtime_gate.stability.json';
    expect(tp.has(firstVerdict)).toBe(true);
    const ticksOnly = (t: Map<string, Buffer>): string[] => [...t.keys()].filter((p) => !p.startsWith('manifests/') && p !== firstVerdict && p !== 'report.html');
    expect(ticksOnly(tp)).toEqual(ticksOnly(tw));
    for (const path of ticksOnly(tw)) expect(tp.get(path)?.equals(tw.get(path) as Buffer), path).toBe(true);
  });

  it('exit 1 with a clear message when --out holds the run with other results', async () => {
    const out = join(await tempDir(), 'out');
    expect((await runCli(['--out', out, '--ticks', '2', '--no-fsync'])).code).toBe(0);
    const before = filesOf(out);
    const r = await runCli(['--out', out, '--ticks', '2', '--seed', '8', '--mode', 'other', '--no-fsync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already holds run demo with different results/);
    const after = filesOf(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(after.get(path)?.equals(bytes), path).toBe(true);
    // Another run id in the same folder is fine.
    expect((await runCli(['--out', out, '--ticks', '2', '--seed', '8', '--run-id', 'demo-8', '--no-fsync'])).code).toBe(0);
  });

  it.each([
    ['--ticks 0', ['--ticks', '0'], /--ticks.*must be a whole number from 1/],
    ['--ticks abc', ['--ticks', 'abc'], /--ticks.*must be a whole number/],
    ['--ticks -3', ['--ticks', '-3'], /--ticks/],
    ['--ticks above the maximum', ['--ticks', '10001'], /--ticks.*from 1 to 10000/],
    ['--seed 1.5', ['--seed', '1.5'], /--seed.*must be a whole number/],
    ['--run-id with a separator', ['--run-id', 'a/b'], /--run-id.*must be 1-128 characters/],
    ['an unknown option', ['--colour'], /unknown option '--colour'/],
    ['an extra argument', ['extra'], /too many arguments/],
  ] as const)('exit 2 on bad usage: %s, writing nothing', async (_label, args, message) => {
    const parent = await tempDir();
    const out = join(parent, 'out');
    const r = await runCli(['--out', out, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(await readdir(parent)).toEqual([]);
  });

  it('--version prints the version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help prints usage and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: abraxas-demo \[options\]/);
    for (const opt of ['--out <dir>', '--ticks <n>', '--seed <n>', '--run-id <id>', '--mode <mode>', '--plain', '--no-fsync']) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('finishes the run when its reader closes the pipe early (pnpm demo | head)', async () => {
    const out = join(await tempDir(), 'out');
    const child = spawn(process.execPath, [CLI, '--out', out, '--ticks', '6', '--no-fsync'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect((await verifyRun(out, 'demo')).checked).toBe(6 * 4 + 2);
  });

  it('exit 1 when the run cannot be written', async () => {
    const parent = await tempDir();
    const out = join(parent, 'file');
    await writeFile(out, 'not a folder');
    const r = await runCli(['--out', out, '--ticks', '1', '--no-fsync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^abraxas-demo: /);
  });
});

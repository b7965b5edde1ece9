import type { TickResult } from '@abraxas/runtime';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { barProgress, plainProgress } from '../src/progress.js';
import { CLI, tempDir } from './support/cli.js';

function tick(t: number, statuses: Record<string, 'ok' | 'error' | 'skipped_budget'>, remaining = { f: 20, s: 14 }): TickResult {
  const results = Object.fromEntries(
    Object.entries(statuses).map(([name, status]) => [
      name,
      { name, lane: name.startsWith('shadow:') ? 'shadow' : 'forecast', status, value: null, error: null, cost_ops: 0, cost_entropy: 0 },
    ]),
  ) as TickResult['results'];
  return {
    tick: t,
    run_id: 'R',
    mode: 'm',
    results,
    remaining: { forecast: { ops: remaining.f, entropy: 0 }, shadow: { ops: remaining.s, entropy: 0 } },
    artifacts: { trendpack: '', trendpack_sha256: '', runindex: '', runindex_sha256: '' },
  };
}

function capture(tty: boolean): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  Object.assign(stream, { isTTY: tty, columns: 100 });
  return { stream, text: () => text };
}

describe('progress output', () => {
  it('plain: one line per tick with lane spending, errors and skips, no escape codes', () => {
    const c = capture(false);
    const p = plainProgress(c.stream, { forecast: 50, shadow: 20 });
    p.update(tick(0, { 'oracle:signal': 'ok' }), 1, 12);
    p.update(tick(11, { 'oracle:overlay': 'skipped_budget', 'shadow:dropout': 'error' }, { f: 30, s: 9 }), 12, 12);
    p.stop();
    expect(c.text()).toBe(
      'tick  0 ( 1/12)  forecast 30/50 ops  shadow 6/20 ops\n' +
        'tick 11 (12/12)  forecast 20/50 ops  shadow 11/20 ops  error shadow:dropout; skipped oracle:overlay\n',
    );
  });

  it('terminal: a live bar with running error and skip counts', () => {
    const c = capture(true);
    const p = barProgress(c.stream, 3);
    p.update(tick(0, { 'shadow:dropout': 'error' }), 1, 3);
    p.update(tick(1, { 'oracle:overlay': 'skipped_budget' }), 2, 3);
    p.update(tick(2, {}), 3, 3);
    p.stop();
    const out = c.text();
    expect(out).toContain('\x1b[?25l'); // cursor hidden while the bar runs
    expect(out).toContain('\x1b[?25h'); // and shown again
    expect(out).toMatch(/ticks \S+ 3\/3 \| errors 1 \| skips 1/);
    expect(out).not.toMatch(/^tick /m);
  });
});

function inPty(args: readonly string[]): Promise<string> {
  // `script` gives the CLI a real pseudo-terminal as stdout.
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, INIT_CWD: '', npm_lifecycle_event: '' } }, (err, stdout) => {
      if (err) reject(new Error(`script failed: ${err.message}`));
      else resolve(stdout);
    });
  });
}

describe('the CLI on a terminal', () => {
  it('draws the bar on an interactive terminal, and plain lines with --plain', async () => {
    const dir = await tempDir('tty');
    const bar = await inPty(['--out', join(dir, 'a'), '--ticks', '4', '--no-fsync']);
    expect(bar).toContain('\x1b[?25l');
    expect(bar).toMatch(/ticks \S+ 4\/4 \| errors 1 \| skips 0/);
    expect(bar).not.toMatch(/^tick \d/m);
    expect(bar).toContain('Abraxas demo: run demo');

    const plain = await inPty(['--out', join(dir, 'b'), '--ticks', '4', '--no-fsync', '--plain']);
    expect(plain).not.toContain('\x1b[?25l');
    expect(plain.split(/\r?\n/).filter((l) => /^tick \d/.test(l)).length).toBe(4);
  });
});

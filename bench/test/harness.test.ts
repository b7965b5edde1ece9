// The whole harness, as `pnpm bench --quick` runs it but on tiny sizes: every case runs in its
// process, and results.json has the promised shape with figures consistent with each other.
// No timing is asserted: only that the figures exist, are positive and agree with their samples' summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchUsageError, parseArgs, QUICK } from '../src/options.js';
import type { BenchResults } from '../src/results.js';

const RUN = fileURLToPath(new URL('../dist/run.js', import.meta.url));
const TICKS = 10;
const ARGS = ['--quick', '--tasks', '40,80', '--trace-events', '60', '--json-records', '50', '--ticks', String(TICKS), '--runs', '2', '--warmup', '0', '--verify-runs', '1', '--store-ticks', '3'];

let dir = '';
let results: BenchResults;
let stdout = '';

beforeAll(() => {
  if (!existsSync(RUN)) throw new Error('dist/run.js is missing: build the package first (pnpm --filter @abraxas/bench build)');
  dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-harness-'));
  const r = spawnSync(process.execPath, [RUN, ...ARGS, '--out', join(dir, 'results.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the harness failed (${String(r.status)}): ${r.stderr}`);
  stdout = r.stdout;
  results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
  // The quick run starts a process per case; on a loaded machine that takes more than a minute.
}, 300_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('pnpm bench --quick on tiny sizes', () => {
  it('records the machine', () => {
    const m = results.machine;
    expect(results.schema).toBe('AbraxasBench.v1');
    expect(results.preset).toBe('quick');
    expect(m.node).toBe(process.version);
    expect(typeof m.cpu_model).toBe('string');
    expect(m.cores).toBeGreaterThanOrEqual(1);
    expect(m.total_memory_mb).toBeGreaterThan(0);
    expect(m.load_average_start).toHaveLength(3);
    expect(m.load_average_end).toHaveLength(3);
  });

  it('measures every case, each against its floor', () => {
    expect(results.measurements.map((m) => m.id)).toEqual([
      'run_tick.40',
      'add_run_tick.40',
      'run_tick.80',
      'add_run_tick.80',
      'trace_hash.60',
      'shadow_view.40',
      'shadow_concurrency.8',
      'shadow_concurrency.1',
      'canonical_json.50',
      'canonical_json.safe_stable_stringify.50',
      'abraxas_tick.one_call.fsync',
      'abraxas_tick.handle.fsync',
      'verify_run',
      'abraxas_tick.one_call.no_fsync',
      'abraxas_tick.handle.no_fsync',
      'abraxas_tick.one_call.metrics.no_fsync',
      'artifact_links',
      'store_writers.postgres.1',
      'store_writers.postgres.8',
    ]);
    for (const m of results.measurements) {
      expect(m.median_ms, m.id).toBeGreaterThan(0);
      expect(m.floor_median_ms, m.id).toBeGreaterThan(0);
      expect(m.ratio, m.id).toBeCloseTo(m.median_ms / m.floor_median_ms, 9);
      expect(m.pass, m.id).toBe(m.target_ratio === null ? null : m.ratio <= m.target_ratio);
    }
  });

  it('runs each figure as often as configured and sets the issue targets', () => {
    const byId = new Map(results.measurements.map((m) => [m.id, m]));
    expect(byId.get('run_tick.40')?.runs).toBe(8); // 2 runs, x4 up to 1,000 tasks
    expect(byId.get('trace_hash.60')?.runs).toBe(2);
    expect(byId.get('canonical_json.50')?.runs).toBe(6); // 2 runs, x3 for canonical JSON
    expect(byId.get('verify_run')?.runs).toBe(1);
    expect(byId.get('abraxas_tick.handle.fsync')?.runs).toBe(TICKS);
    // The runTick target applies to the largest size; the abraxasTick target to the default (fsync on).
    expect(byId.get('run_tick.80')?.target_ratio).toBe(2);
    expect(byId.get('run_tick.40')?.target_ratio).toBeNull();
    expect(byId.get('trace_hash.60')?.target_ratio).toBe(1.5);
    expect(byId.get('abraxas_tick.one_call.fsync')?.target_ratio).toBe(1.3);
    expect(byId.get('abraxas_tick.handle.no_fsync')?.target_ratio).toBe(2);
    expect(byId.get('abraxas_tick.one_call.no_fsync')?.target_ratio).toBe(2);
    expect(byId.get('verify_run')?.target_ratio).toBe(1.5);
    expect(byId.get('abraxas_tick.handle.fsync')?.extra.records).toBe(2 * TICKS);
    expect(byId.get('verify_run')?.extra.files).toBe(2 * TICKS);
    // With a metric, each tick also seals its decision record, and has no target ratio (a figure).
    expect(byId.get('abraxas_tick.one_call.metrics.no_fsync')?.extra.records).toBe(3 * TICKS);
    expect(byId.get('abraxas_tick.one_call.metrics.no_fsync')?.target_ratio).toBeNull();
    // Every writer's run of every round (no warm-up, 2 runs) on both stores, each with the same root.
    expect(byId.get('store_writers.postgres.1')?.extra).toMatchObject({ writers: 1, ticks_per_writer: 3, runs_checked: 2 });
    expect(byId.get('store_writers.postgres.8')?.extra).toMatchObject({ writers: 8, ticks_per_writer: 3, runs_checked: 16 });
    expect(byId.get('store_writers.postgres.8')?.runs).toBe(2);
  });

  it('gives every abraxasTick run the tick computed without sealing, and the ledger\'s own ratio from it', () => {
    for (const run of ['one_call.fsync', 'handle.fsync', 'one_call.no_fsync', 'handle.no_fsync', 'one_call.metrics.no_fsync']) {
      const m = results.measurements.find((x) => x.id === `abraxas_tick.${run}`);
      const computed = m?.extra.compute_ms;
      expect(typeof computed === 'number' && computed > 0, run).toBe(true);
      // (case − computed) / floor, from the medians the measurement reports.
      const expected = Math.max(0, (m?.median_ms ?? 0) - Number(computed)) / (m?.floor_median_ms ?? 1);
      expect(m?.extra.ledger_ratio, run).toBeCloseTo(expected, 9);
    }
    expect(stdout).toContain('computed without sealing');
  });

  it('checks growth and memory of every abraxasTick run', () => {
    const ids = results.checks.map((c) => c.id);
    for (const run of ['one_call.fsync', 'handle.fsync', 'one_call.no_fsync', 'handle.no_fsync', 'one_call.metrics.no_fsync']) {
      for (const c of ['last_over_first', 'max_rss', 'peak_heap', 'heap_growth']) expect(ids).toContain(`abraxas_tick.${run}.${c}`);
    }
    for (const c of results.checks) expect(c.pass, c.id).toBe(c.value <= c.target_max);
    expect(results.checks.find((c) => c.id.endsWith('max_rss'))?.target_max).toBe(200);
  });

  it('passes only when every target is met, and prints the table', () => {
    const expected = results.measurements.every((m) => m.pass !== false) && results.checks.every((c) => c.pass);
    expect(results.passed).toBe(expected);
    expect(stdout).toContain('| case | median | floor | ratio | target | result | notes |');
    expect(stdout).toContain(`${results.machine.cores} cores`);
  });
});

describe('the command line', () => {
  it('--quick selects the quick sizes, and options override them', () => {
    expect(parseArgs(['--quick'])).toEqual(QUICK);
    expect(parseArgs(['--quick', '--ticks', '50'])?.ticks).toBe(50);
    expect(parseArgs(['--only', 'trace_hash,run_tick'])?.only).toEqual(['run_tick', 'trace_hash']);
    expect(parseArgs(['--help'])).toBeNull();
  });

  it('refuses a bad option with the option and the rule, and writes nothing', () => {
    expect(() => parseArgs(['--ticks', '5'])).toThrow(new BenchUsageError('--ticks', 'must be an integer of at least 10', '5'));
    expect(() => parseArgs(['--ticks', '5'])).toThrow('pnpm bench: --ticks must be an integer of at least 10; got "5"');
    expect(() => parseArgs(['--only', 'nope'])).toThrow(BenchUsageError);
    expect(() => parseArgs(['--fast'])).toThrow('pnpm bench: option must be one of those listed by --help; got "--fast"');
    const out = join(dir, 'refused.json');
    const r = spawnSync(process.execPath, [RUN, '--ticks', 'x', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--ticks must be an integer of at least 10');
    expect(existsSync(out)).toBe(false);
  });
});

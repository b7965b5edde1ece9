/**
 * The run lifecycle API: `listRuns` summarises each run from its manifest; `tickStats` and the
 * `abraxas-run` command export a run's per-tick statistics as NDJSON and CSV, read tick by tick
 * from hash-checked TrendPacks. Expected figures come from the reference's costs (each forecast
 * step 10 ops, each shadow task 2 ops) and the files on disk.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest, verifyRun } from '@abraxas/artifacts';
import { iterateRunRecords, listRuns, openRun, RuntimeValidationError, tickStats, type ManifestRecord } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const bin = fileURLToPath(new URL('../bin/abraxas-run.js', import.meta.url));

async function writeRun(dir: string, runId: string, ticks: readonly number[], mode = 'test'): Promise<void> {
  const run = openRun<TestContext>({ runId, mode, artifactsDir: dir, fsync: false });
  const work = pipeline({ failShadowOn: [1] });
  for (const t of ticks) await run.tick(work(t));
  await run.close();
}

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

describe('iterateRunRecords', () => {
  const all = async (it: AsyncIterable<ManifestRecord>): Promise<ManifestRecord[]> => {
    const out: ManifestRecord[] = [];
    for await (const r of it) out.push(r);
    return out;
  };

  it("yields the run's records in manifest order, of one kind and tick range when asked, and refuses bad options", async () => {
    const dir = await tempDir('lifecycle-records');
    await writeRun(dir, 'RUN-R', [3, 1, 2]);
    const { records } = await readManifest(dir, 'RUN-R');
    expect(await all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R' }))).toEqual(records);
    const indexes = await all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', kind: 'runindex', fromTick: 2 }));
    expect(indexes.map((r) => [r.tick, r.path])).toEqual([
      [2, 'run_index/RUN-R/000002.runindex.json'],
      [3, 'run_index/RUN-R/000003.runindex.json'],
    ]);
    await expect(all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', fromTick: 3, toTick: 1 }))).rejects.toThrow(/^iterateRunRecords: toTick must be at least fromTick \(3\)/);
    await expect(all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', kind: '' }))).rejects.toThrow(/^iterateRunRecords: kind must be a non-empty string/);
    const unknownKind = all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', kind: 'Frame!' }));
    await expect(unknownKind).rejects.toBeInstanceOf(RuntimeValidationError);
    await expect(unknownKind).rejects.toThrow(
      "iterateRunRecords: kind must be one of the runtime's record kinds ('trendpack', 'runindex', 'results', 'header', 'stability', 'promotion'); got \"Frame!\"",
    );
    await expect(all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', kind: 'RunIndex' }))).rejects.toThrow(/^iterateRunRecords: kind must be one of/);
    await expect(all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-R', tick: 1 } as never))).rejects.toBeInstanceOf(RuntimeValidationError);
    await expect(all(iterateRunRecords({ artifactsDir: dir, runId: 'RUN-NONE' }))).rejects.toThrow(/runId "RUN-NONE" has no records/);
  });
});

describe('listRuns', () => {
  it('summarises every run from its manifest: ticks, first and last tick, records, bytes on disk, root', async () => {
    const dir = await tempDir('lifecycle');
    await writeRun(dir, 'RUN-B', [0, 1, 2]);
    await writeRun(dir, 'RUN-A', [5, 7]);
    const runs = await listRuns({ artifactsDir: dir });
    expect(runs.map((r) => r.run_id)).toEqual(['RUN-A', 'RUN-B']);
    for (const r of runs) {
      const manifest = await readManifest(dir, r.run_id);
      const onDisk = manifest.records.reduce((sum, rec) => sum + statSync(join(dir, ...rec.path.split('/'))).size, 0);
      expect(r.bytes).toBe(onDisk);
      expect(r.root_hash).toBe((await verifyRun(dir, r.run_id)).root_hash);
    }
    expect(runs[0]).toMatchObject({ ticks: 2, first_tick: 5, last_tick: 7, records: 4 });
    expect(runs[1]).toMatchObject({ ticks: 3, first_tick: 0, last_tick: 2, records: 6 });
  });

  it('lists nothing for an empty folder, and refuses bad options naming the field', async () => {
    expect(await listRuns({ artifactsDir: await tempDir('lifecycle-empty') })).toEqual([]);
    await expect(listRuns({ artifactsDir: '' })).rejects.toThrow(/^listRuns: artifactsDir must be a non-empty string/);
    await expect(listRuns({ artifactsDir: 'x', dir: 'y' } as never)).rejects.toBeInstanceOf(RuntimeValidationError);
  });
});

describe('tickStats', () => {
  it('gives each tick\'s event counts and spent budget per lane', async () => {
    const dir = await tempDir('lifecycle-stats');
    await writeRun(dir, 'RUN-S', [0, 1, 2]);
    const rows = [];
    for await (const row of tickStats({ artifactsDir: dir, runId: 'RUN-S', fromTick: 1 })) rows.push(row);
    expect(rows.map((r) => r.tick)).toEqual([1, 2]);
    // Three forecast steps (10 ops each) and two shadow tasks (2 ops each) all fit the reference budgets
    // (50 and 20 ops); `anagram` throws at tick 1, an attempted task still spends its cost.
    expect(rows[0]).toMatchObject({ run_id: 'RUN-S', mode: 'test', total_events: 5, forecast_events: 3, shadow_events: 2, ok_events: 4, errors: 1, skipped: 0 });
    expect(rows[1]).toMatchObject({ ok_events: 5, errors: 0 });
    for (const r of rows) expect(r).toMatchObject({ forecast_spent_ops: 30, shadow_spent_ops: 4, forecast_spent_entropy: 0, shadow_spent_entropy: 0 });
    const tp = readFileSync(join(dir, 'viz', 'RUN-S', '000001.trendpack.json'));
    expect(rows[0]?.trendpack_sha256).toBe(createHash('sha256').update(tp).digest('hex'));
  });
});

describe('abraxas-run', () => {
  it('lists runs, and exports a run as NDJSON and as CSV with the same rows', async () => {
    const dir = await tempDir('lifecycle-cli');
    await writeRun(dir, 'RUN-C', [0, 1], 'nightly, "eu"');
    const runs = await cli(['runs', dir]);
    expect(runs.code).toBe(0);
    expect(runs.stdout.split('\n')[1]).toMatch(/^RUN-C\t2\t0\t1\t4\t\d+$/);

    const nd = await cli(['export', dir, 'RUN-C']);
    expect(nd.code).toBe(0);
    const rows = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.tick, r.errors, r.mode])).toEqual([[0, 0, 'nightly, "eu"'], [1, 1, 'nightly, "eu"']]);

    const csv = await cli(['export', dir, 'RUN-C', '--format', 'csv', '--to', '0']);
    expect(csv.code).toBe(0);
    const [header, line, end] = csv.stdout.split('\n');
    expect(end).toBe('');
    expect(header?.split(',')).toEqual(Object.keys(rows[0] ?? {}).sort((a, b) => order(a) - order(b)));
    expect(line).toBe(
      `RUN-C,0,"nightly, ""eu""",5,3,2,5,0,0,30,0,4,0,${String(rows[0]?.trendpack_sha256)}`,
    );
  });

  it('exits 2 with one line for a run the folder does not hold or a bad option, and 1 for a tampered TrendPack', async () => {
    const dir = await tempDir('lifecycle-cli-bad');
    await writeRun(dir, 'RUN-T', [0]);
    const missing = await cli(['export', dir, 'RUN-NONE']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    expect(missing.stderr).toMatch(/^abraxas-run: .*RUN-NONE/);
    const bad = await cli(['export', dir, 'RUN-T', '--from', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be a non-negative integer');
    writeFileSync(join(dir, 'viz', 'RUN-T', '000000.trendpack.json'), '{}');
    const tampered = await cli(['export', dir, 'RUN-T']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^abraxas-run: tickStats|^abraxas-run: iterateTicks/);
  });
});

const COLUMNS = ['run_id', 'tick', 'mode', 'total_events', 'forecast_events', 'shadow_events', 'ok_events', 'errors', 'skipped', 'forecast_spent_ops', 'forecast_spent_entropy', 'shadow_spent_ops', 'shadow_spent_entropy', 'trendpack_sha256'];
const order = (c: string): number => COLUMNS.indexOf(c);

// Each floor does the same work as the code it is the floor of: same output, bytes and digests.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactWriter, readManifest, verifyRun } from '@abraxas/artifacts';
import { canonicalJson, DeterministicScheduler, traceHashSha256 } from '@abraxas/ers';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactWriteFloor } from '../src/floors/artifact-write-floor.js';
import { hashFilesFloor } from '../src/floors/hash-files-floor.js';
import { ledgerFloor } from '../src/floors/ledger-floor.js';
import { addFloor, runTickFloor } from '../src/floors/run-tick-floor.js';
import { orderedEvents, traceHashFloor } from '../src/floors/trace-hash-floor.js';
import { noOpWorkload } from '../src/workload/no-op-tasks.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'abraxas-bench-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the runTick workload and floor', () => {
  const w = noOpWorkload(500);

  it('mixes lanes, priorities, ok and skipped tasks, and insertion order is not execution order', () => {
    const s = new DeterministicScheduler();
    for (const t of w.tasks) s.add(t);
    const out = s.runTick({ tick: 7, budgetForecast: w.budgetForecast, budgetShadow: w.budgetShadow, context: w.context });
    const lanes = new Set(out.trace.map((e) => e.lane));
    const statuses = new Set(out.trace.map((e) => e.status));
    expect([...lanes].sort()).toEqual(['forecast', 'shadow']);
    expect([...statuses].sort()).toEqual(['ok', 'skipped_budget']);
    expect(new Set(w.tasks.map((t) => t.priority)).size).toBeGreaterThan(5);
    expect(out.trace.map((e) => e.task)).not.toEqual(w.tasks.map((t) => t.name));
  });

  it('builds the trace, results and remaining budgets runTick builds', () => {
    const s = new DeterministicScheduler();
    for (const t of w.tasks) s.add(t);
    const a = s.runTick({ tick: 7, budgetForecast: w.budgetForecast, budgetShadow: w.budgetShadow, context: w.context });
    const b = runTickFloor(addFloor(w.tasks), 7, { forecast: { ops: w.budgetForecast.ops, entropy: 0 }, shadow: { ops: w.budgetShadow.ops, entropy: 0 } }, w.context);
    expect(traceHashSha256(b.trace)).toBe(traceHashSha256(a.trace));
    expect(canonicalJson(b.results)).toBe(canonicalJson(a.results));
    expect(b.remaining).toEqual({ forecast: { ops: a.remaining.forecast.ops, entropy: 0 }, shadow: { ops: a.remaining.shadow.ops, entropy: 0 } });
  });

  it('the add floor refuses a duplicate name, as add does', () => {
    expect(() => addFloor([...w.tasks, w.tasks[0] as (typeof w.tasks)[number]])).toThrow('duplicate task name');
  });
});

describe('the trace-hash floor', () => {
  it('hashes the bytes traceHashSha256 hashes', () => {
    const w = noOpWorkload(300);
    const s = new DeterministicScheduler();
    for (const t of w.tasks) s.add(t);
    const trace = s.runTick({ tick: 3, budgetForecast: w.budgetForecast, budgetShadow: w.budgetShadow, context: w.context }).trace;
    expect(traceHashFloor(orderedEvents(trace))).toBe(traceHashSha256(trace));
  });
});

describe('the artifact-write floor', () => {
  it('leaves files of the given sizes in place, one log line each of the given length, and no temporary file', () => {
    const root = tempDir();
    const floor = new ArtifactWriteFloor(root, ['viz/R', 'run_index/R'], false);
    floor.writeTick([
      { folder: 'viz/R', name: '000000.trendpack.json', bytes: 1234, lineBytes: 200 },
      { folder: 'run_index/R', name: '000000.runindex.json', bytes: 321, lineBytes: 150 },
    ]);
    expect(statSync(join(root, 'viz/R/000000.trendpack.json')).size).toBe(1234);
    expect(statSync(join(root, 'run_index/R/000000.runindex.json')).size).toBe(321);
    expect(readdirSync(join(root, 'viz/R'))).toEqual(['000000.trendpack.json']);
    const log = readFileSync(join(root, 'log/records.log'), 'utf8');
    expect(log.split('\n').map((l) => l.length)).toEqual([199, 149, 0]);
  });
});

describe('the hash-files floor', () => {
  it('counts the listed files whose bytes no longer hash to their digest', async () => {
    const root = tempDir();
    const writer = new ArtifactWriter(root, { fsync: false });
    for (let tick = 0; tick < 3; tick++) {
      await writer.writeJson({ runId: 'R', tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick }, relPath: `viz/R/${tick}.json` });
    }
    const records = (await readManifest(root, 'R')).records;
    expect(hashFilesFloor(root, records)).toBe(0);
    writeFileSync(join(root, 'viz/R/1.json'), '{"tick":9}');
    expect(hashFilesFloor(root, records)).toBe(1);
  });
});

describe('the ledger floor', () => {
  it('gives the root hash verifyRun reports, from the journal lines in manifest order', async () => {
    const root = tempDir();
    const writer = new ArtifactWriter(root, { fsync: false });
    // Written out of manifest order, so the journal's order is not the manifest's.
    for (const tick of [2, 0, 1]) {
      await writer.writeJson({ runId: 'R', tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick }, relPath: `viz/R/${String(tick)}.json` });
    }
    const records = (await readManifest(root, 'R')).records;
    const order = new Map(records.map((r, i) => [r.path, i]));
    const verified = await verifyRun(root, 'R');
    expect(ledgerFloor(root, 'R', order)).toBe(verified.root_hash);
    expect(ledgerFloor(root, 'R', new Map())).not.toBe(verified.root_hash);
  });
});

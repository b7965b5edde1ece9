import { ArtifactConflictError, readManifest, verifyRun } from '@abraxas/artifacts';
import { Budget } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { describe, expect, it } from 'vitest';
import { openRun, RunClosedError } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const ok = (): unknown => ({ ok: true });
const steps = { runSignal: ok, runCompress: ok, runOverlay: ok };

describe('openRun: many ticks through one handle', () => {
  it('runs ticks in call order even when the caller does not await between them', async () => {
    const dir = await tempDir('handle');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    const log: string[] = [];
    const slowFirst = (tick: number) => async () => {
      // The earlier tick takes longer; it must still finish before the later one starts.
      for (let i = 0; i < (tick === 0 ? 20 : 1); i++) await Promise.resolve();
      log.push(`signal ${tick}`);
    };
    const pending = [0, 1, 2].map((tick) => run.tick({ tick, context: {}, ...steps, runSignal: slowFirst(tick) }));
    const results = await Promise.all(pending);
    expect(log).toEqual(['signal 0', 'signal 1', 'signal 2']);
    expect(results.map((r) => r.tick)).toEqual([0, 1, 2]);
    expect(run.ticksCompleted).toBe(3);
    expect(run.lastTick).toBe(2);
    await run.close();
  });

  it('seals every tick of a long run in one manifest', async () => {
    const dir = await tempDir('handle');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    const work = pipeline({ failSignalOn: [10, 20] });
    for (let t = 0; t < 60; t++) await run.tick(work(t));
    await run.close();
    const m = await readManifest(dir, 'RUN-H');
    expect(m.records.length).toBe(120);
    const v = await verifyRun(dir, 'RUN-H');
    expect(v.ok).toBe(true);
  });

  it('close waits for queued ticks, then refuses new ones without writing', async () => {
    const dir = await tempDir('handle');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    const queued = run.tick({ tick: 0, context: {}, ...steps });
    await run.close();
    expect(run.closed).toBe(true);
    expect(run.ticksCompleted).toBe(1);
    await expect(queued).resolves.toMatchObject({ tick: 0 });
    const before = filesOf(dir);
    await expect(run.tick({ tick: 1, context: {}, ...steps })).rejects.toBeInstanceOf(RunClosedError);
    await expect(run.tick({ tick: 1, context: {}, ...steps })).rejects.toThrow(/^RunHandle.tick: the run handle of "RUN-H" is closed/);
    expect([...(filesOf(dir)).keys()]).toEqual([...before.keys()]);
    await run.close(); // idempotent
  });

  it('a failing tick does not stop the queue', async () => {
    const dir = await tempDir('handle');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    await run.tick({ tick: 0, context: {}, ...steps });
    // Same tick, different outcome: a conflict. The tick queued behind it still runs.
    const conflict = run.tick({ tick: 0, context: {}, ...steps, runOverlay: () => { throw new Error('x'); } });
    const next = run.tick({ tick: 1, context: {}, ...steps });
    await expect(conflict).rejects.toBeInstanceOf(ArtifactConflictError);
    await expect(next).resolves.toMatchObject({ tick: 1 });
    await run.close();
  });
});

describe('a tick run twice', () => {
  it('with the same outcome is idempotent: same artifacts, no new record, same bytes', async () => {
    const dir = await tempDir('repeat');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    const work = pipeline();
    const first = await run.tick(work(3));
    const tree = filesOf(dir);
    const again = await run.tick(work(3));
    expect(again.artifacts).toEqual(first.artifacts);
    const after = filesOf(dir);
    expect([...after.keys()]).toEqual([...tree.keys()]);
    expect(after.get('manifests/RUN-H.manifest.json')?.equals(tree.get('manifests/RUN-H.manifest.json') ?? Buffer.alloc(0))).toBe(true);
    expect((await readManifest(dir, 'RUN-H')).records.length).toBe(2);
    await run.close();
  });

  it('with a different outcome is an ArtifactConflictError that changes nothing', async () => {
    const dir = await tempDir('repeat');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    await run.tick(pipeline()(3));
    const tree = filesOf(dir);
    await expect(run.tick(pipeline({ failSignalOn: [3] })(3))).rejects.toBeInstanceOf(ArtifactConflictError);
    const after = filesOf(dir);
    expect([...after.keys()]).toEqual([...tree.keys()]);
    for (const [p, b] of tree) expect(after.get(p)?.equals(b), p).toBe(true);
    await run.close();
  });

  it('in another mode is a conflict too (the mode is sealed in the TrendPack provenance)', async () => {
    const dir = await tempDir('repeat');
    const a = openRun({ runId: 'RUN-H', mode: 'live', artifactsDir: dir, fsync: false });
    await a.tick({ tick: 0, context: {}, ...steps });
    await a.close();
    const b = openRun({ runId: 'RUN-H', mode: 'backtest', artifactsDir: dir, fsync: false });
    await expect(b.tick({ tick: 0, context: {}, ...steps })).rejects.toBeInstanceOf(ArtifactConflictError);
    await b.close();
    expect((await readManifest(dir, 'RUN-H')).records.length).toBe(2);
  });

  it('out of order ticks are accepted and the manifest stays sorted', async () => {
    const dir = await tempDir('order');
    const run = openRun({ runId: 'RUN-H', mode: 'test', artifactsDir: dir, fsync: false });
    for (const t of [5, 2, 9, 0]) await run.tick({ tick: t, context: {}, ...steps });
    await run.close();
    const ticks = (await readManifest(dir, 'RUN-H')).records.map((r) => r.tick);
    expect(ticks).toEqual([0, 0, 2, 2, 5, 5, 9, 9]);
    expect((await verifyRun(dir, 'RUN-H')).ok).toBe(true);
  });
});

describe('costs and budgets', () => {
  it('default to the reference: forecast 10 ops per step of 50, shadow 2 ops per task of 20', async () => {
    const dir = await tempDir('costs');
    const run = openRun({ runId: 'RUN-C', mode: 'test', artifactsDir: dir, fsync: false });
    const r = await run.tick({ tick: 0, context: {}, ...steps, runShadowTasks: { a: ok, b: ok } });
    expect(r.remaining).toEqual({ forecast: { ops: 20, entropy: 0 }, shadow: { ops: 16, entropy: 0 } });
    expect(Object.values(r.results).map((x) => [x.name, x.cost_ops])).toEqual([
      ['oracle:signal', 10],
      ['oracle:compress', 10],
      ['oracle:overlay', 10],
      ['shadow:a', 2],
      ['shadow:b', 2],
    ]);
    await run.close();
  });

  it('run defaults apply to every tick; a tick overrides them for itself', async () => {
    const dir = await tempDir('costs');
    const run = openRun({
      runId: 'RUN-C',
      mode: 'test',
      artifactsDir: dir,
      fsync: false,
      budgetForecast: new Budget({ ops: 25 }),
      shadowCostOps: { heavy: 15 },
    });
    const shadow = { light: ok, heavy: ok };
    // Forecast 25: signal 10, compress 10, overlay needs 10 of the 5 left -> skipped.
    // Shadow 20: heavy 15 (runs first by name), light 2 -> both run, 3 left.
    const t0 = await run.tick({ tick: 0, context: {}, ...steps, runShadowTasks: shadow });
    expect(t0.results['oracle:overlay'].status).toBe('skipped_budget');
    expect(t0.results['oracle:overlay'].cost_ops).toBe(0);
    expect(t0.remaining).toEqual({ forecast: { ops: 5, entropy: 0 }, shadow: { ops: 3, entropy: 0 } });

    // This tick only: overlay costs 3 (fits the 5 left), heavy costs 19 (then light's 2 do not fit).
    const t1 = await run.tick({ tick: 1, context: {}, ...steps, runShadowTasks: shadow, forecastCostOps: { overlay: 3 }, shadowCostOps: { heavy: 19 } });
    expect(t1.results['oracle:overlay'].status).toBe('ok');
    expect(t1.results['shadow:light'].status).toBe('skipped_budget');
    expect(t1.remaining).toEqual({ forecast: { ops: 2, entropy: 0 }, shadow: { ops: 1, entropy: 0 } });

    // A number applies to every task of its lane; a budget replaces the default.
    const t2 = await run.tick({
      tick: 2,
      context: {},
      ...steps,
      runShadowTasks: shadow,
      forecastCostOps: 1,
      shadowCostOps: 4,
      budgetForecast: new Budget({ ops: 3, entropy: 7 }),
    });
    expect(Object.values(t2.results).every((x) => x.status === 'ok')).toBe(true);
    expect(t2.remaining).toEqual({ forecast: { ops: 0, entropy: 7 }, shadow: { ops: 12, entropy: 0 } });

    // Back to the run's defaults.
    const t3 = await run.tick({ tick: 3, context: {}, ...steps, runShadowTasks: shadow });
    expect(t3.remaining).toEqual(t0.remaining);
    await run.close();
    expect(await listDir(dir)).toEqual(['manifests', 'run_index', 'viz']);
  });
});

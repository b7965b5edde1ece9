/**
 * `pruneRun` and `abraxas-run prune`: retention chooses the oldest ticks' TrendPacks and RunIndexes
 * (keepLastTicks, maxBytes, or both), deterministically from the manifest, never a promotion or
 * stability record; the run's root and verifyRun stay as they were, and the readers pass over
 * pruned ticks.
 */
import { filesOf } from '@abraxas/store-contract';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest, verifyRun } from '@abraxas/artifacts';
import { ArtifactNotFoundError } from '@abraxas/artifacts';
import { iterateTicks, openRun, pruneRun, queryRun, readTickResults, replayPromotions, RuntimeValidationError, sealRunStability, tickStats } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const RUN = 'RUN-PRUNE';
const bin = fileURLToPath(new URL('../bin/abraxas-run.js', import.meta.url));

async function writeRun(dir: string, ticks: number, withMetrics = false): Promise<void> {
  const run = openRun<TestContext>({ runId: RUN, mode: 'test', artifactsDir: dir, fsync: false, ...(withMetrics ? { invarianceRuns: 2, metrics: { steady: steady() } } : {}) });
  const work = pipeline();
  for (let t = 0; t < ticks; t++) await run.tick(work(t));
  await run.close();
}

const size = (dir: string, rel: string): number => statSync(join(dir, ...rel.split('/'))).size;

describe('pruneRun', () => {
  it('keepLastTicks prunes every older tick\'s TrendPack and RunIndex, and keeps promotion records', async () => {
    const dir = await tempDir('prune');
    await writeRun(dir, 6, true);
    const before = await verifyRun(dir, RUN);
    const r = await pruneRun({ artifactsDir: dir, runId: RUN, keepLastTicks: 2 });
    expect(r.pruned.ticks).toEqual([0, 1, 2, 3]);
    expect(r.pruned.paths).toHaveLength(8);
    expect(r.kept.ticks).toEqual([4, 5]);
    expect(r.root_hash).toBe(before.root_hash);
    const manifest = await readManifest(dir, RUN);
    for (const rec of manifest.records) {
      const gone = rec.tick < 4 && (rec.kind === 'trendpack' || rec.kind === 'runindex');
      expect(existsSync(join(dir, ...rec.path.split('/'))), rec.path).toBe(!gone);
    }
    const after = await verifyRun(dir, RUN);
    expect(after).toMatchObject({ ok: true, pruned: 8, checked: before.checked - 8, root_hash: before.root_hash });
    // The promotion replay still has every decision record.
    const replay = await replayPromotions({ artifactsDir: dir, runId: RUN });
    expect(replay.records).toHaveLength(6);
    expect(replay.unchecked_evidence).toEqual([0, 1, 2, 3]);
    // Readers pass over pruned ticks.
    const q = await queryRun({ artifactsDir: dir, runId: RUN });
    expect(q.ticks.map((t) => t.tick)).toEqual([4, 5]);
    expect(q.pruned).toEqual([0, 1, 2, 3]);
    const seen = [];
    for await (const t of iterateTicks({ artifactsDir: dir, runId: RUN })) seen.push(t.tick);
    expect(seen).toEqual([4, 5]);
    const rows = [];
    for await (const row of tickStats({ artifactsDir: dir, runId: RUN })) rows.push(row.tick);
    expect(rows).toEqual([4, 5]);
    // Pruning again with the same rule prunes nothing new.
    const again = await pruneRun({ artifactsDir: dir, runId: RUN, keepLastTicks: 2 });
    expect(again.pruned.paths).toEqual([]);
    expect(again.earlier).toBe(8);
  });

  it('maxBytes prunes the oldest whole ticks until the rest fit, with keepLastTicks as well', async () => {
    const dir = await tempDir('prune-bytes');
    await writeRun(dir, 5);
    const manifest = await readManifest(dir, RUN);
    const sizes = new Map(manifest.records.map((r) => [r.path, size(dir, r.path)]));
    const tickBytes = (t: number): number => manifest.records.filter((r) => r.tick === t).reduce((s, r) => s + (sizes.get(r.path) ?? 0), 0);
    const total = [0, 1, 2, 3, 4].reduce((s, t) => s + tickBytes(t), 0);
    // Just under what ticks 2..4 take: ticks 0, 1 and 2 must go.
    const budget = tickBytes(2) + tickBytes(3) + tickBytes(4) - 1;
    const r = await pruneRun({ artifactsDir: dir, runId: RUN, maxBytes: budget });
    expect(r.pruned.ticks).toEqual([0, 1, 2]);
    expect(r.pruned.bytes).toBe(tickBytes(0) + tickBytes(1) + tickBytes(2));
    expect(r.kept.bytes).toBe(total - r.pruned.bytes);
    expect(r.kept.bytes).toBeLessThanOrEqual(budget);
    const both = await pruneRun({ artifactsDir: dir, runId: RUN, maxBytes: 10 ** 9, keepLastTicks: 1 });
    expect(both.pruned.ticks).toEqual([3]);
    expect((await verifyRun(dir, RUN)).ok).toBe(true);
  });

  it('gives the same tree in two folders for the same ticks and the same rule, and never prunes stability records', async () => {
    const [x, y] = [await tempDir('prune-x'), await tempDir('prune-y')];
    for (const dir of [x, y]) {
      await writeRun(dir, 4);
      await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: ['a'.repeat(64), 'a'.repeat(64)] });
      await pruneRun({ artifactsDir: dir, runId: RUN, maxBytes: 0 });
    }
    const tree = filesOf(x);
    expect(tree).toEqual(filesOf(y));
    expect([...tree.keys()].filter((p) => p.startsWith('viz/') || p.startsWith('run_index/'))).toEqual([]);
    expect([...tree.keys()].filter((p) => p.startsWith('stability/'))).toHaveLength(1);
  });

  it('refuses bad options before anything is pruned', async () => {
    const dir = await tempDir('prune-bad');
    await writeRun(dir, 2);
    const tree = filesOf(dir);
    await expect(pruneRun({ artifactsDir: dir, runId: RUN })).rejects.toThrow(/^pruneRun: options must give keepLastTicks, maxBytes or both/);
    await expect(pruneRun({ artifactsDir: dir, runId: RUN, keepLastTicks: -1 })).rejects.toThrow(/^pruneRun: keepLastTicks must be a non-negative safe integer/);
    await expect(pruneRun({ artifactsDir: dir, runId: RUN, maxBytes: 1.5 })).rejects.toBeInstanceOf(RuntimeValidationError);
    await expect(pruneRun({ artifactsDir: dir, runId: RUN, keepLast: 1 } as never)).rejects.toThrow(/^pruneRun: keepLast is not a known option/);
    expect(filesOf(dir)).toEqual(tree);
  });
});

describe('pruneRun with sealed results', () => {
  it('prunes a tick\'s ResultsPack with its TrendPack and RunIndex; readTickResults then says it was pruned', async () => {
    const dir = await tempDir('prune-results');
    const run = openRun<TestContext>({ runId: RUN, mode: 'test', artifactsDir: dir, fsync: false, sealResults: true });
    const work = pipeline();
    for (let t = 0; t < 3; t++) await run.tick(work(t));
    await run.close();
    const r = await pruneRun({ artifactsDir: dir, runId: RUN, keepLastTicks: 1 });
    expect(r.pruned.paths.map((p) => p.split('/')[0]).sort()).toEqual(['results', 'results', 'run_index', 'run_index', 'viz', 'viz']);
    await expect(readTickResults({ artifactsDir: dir, runId: RUN, tick: 0 })).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(readTickResults({ artifactsDir: dir, runId: RUN, tick: 0 })).rejects.toThrow(/was pruned/);
    expect((await readTickResults({ artifactsDir: dir, runId: RUN, tick: 2 })).tick).toBe(2);
    expect(await verifyRun(dir, RUN)).toMatchObject({ ok: true, pruned: 6 });
  });
});

describe('abraxas-run prune', () => {
  it('prunes as pruneRun does and says what it kept; without a rule it exits 2 and prunes nothing', async () => {
    const dir = await tempDir('prune-cli');
    await writeRun(dir, 3);
    const root = (await verifyRun(dir, RUN)).root_hash;
    const none = spawnSync(process.execPath, [bin, 'prune', dir, RUN], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('abraxas-run prune: give --keep-last-ticks, --max-bytes or both\n');
    expect((await verifyRun(dir, RUN)).pruned).toBe(0);
    const r = spawnSync(process.execPath, [bin, 'prune', dir, RUN, '--keep-last-ticks', '1'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^run ${RUN}: pruned 4 artifacts of 2 ticks \\(\\d+ bytes\\); kept 2 of 1 ticks \\(\\d+ bytes\\); root ${root} unchanged\n$`));
    expect(await verifyRun(dir, RUN)).toMatchObject({ ok: true, pruned: 4, root_hash: root });
  });
});

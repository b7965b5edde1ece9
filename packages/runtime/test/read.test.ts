/**
 * Reading a run back with @abraxas/runtime alone: `readTrendPack` and `iterateTicks` return the
 * sealed TrendPacks (equal to the reference's golden bytes), refuse a file that does not match its
 * sealed hash or is not the tick's TrendPack, and the artifact API a runtime user needs is re-exported.
 */
import * as artifacts from '@abraxas/artifacts';
import { canonicalJson } from '@abraxas/ers';
import { runtimeVectors } from '@abraxas/golden-vectors';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as runtime from '../src/index.js';
import {
  abraxasTick,
  ArtifactNotFoundError,
  iterateTicks,
  openRun,
  readTrendPack,
  RuntimeValidationError,
  TrendPackCorruptError,
  verifyRun,
} from '../src/index.js';
import { tempDir } from './support/fs.js';
import { vectorFunctions } from './support/vectors.js';

const ok = () => ({ ok: true });

async function threeTicks(): Promise<string> {
  const dir = await tempDir('read');
  const run = openRun({ runId: 'RUN-R', mode: 'test', artifactsDir: dir, fsync: false });
  for (const tick of [0, 1, 2]) await run.tick({ tick, context: {}, runSignal: ok, runCompress: ok, runOverlay: ok });
  await run.close();
  return dir;
}

describe('readTrendPack', () => {
  it('returns the TrendPack a tick sealed, equal to the reference golden bytes', async () => {
    for (const v of runtimeVectors) {
      const dir = await tempDir('read');
      await abraxasTick({ tick: v.tick, runId: v.run_id, mode: v.mode, context: {}, artifactsDir: dir, fsync: false, ...vectorFunctions(v) });
      const tp = await readTrendPack({ artifactsDir: dir, runId: v.run_id, tick: v.tick });
      expect(canonicalJson(tp)).toBe(v.expect.trendpack_json);
    }
  });

  it('says which tick is missing', async () => {
    const dir = await threeTicks();
    await expect(readTrendPack({ artifactsDir: dir, runId: 'RUN-R', tick: 7 })).rejects.toThrow(
      new ArtifactNotFoundError('readTrendPack', 'tick', '7 has no TrendPack in run "RUN-R"'),
    );
    await expect(readTrendPack({ artifactsDir: dir, runId: 'RUN-NONE', tick: 0 })).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('refuses a file that does not match its sealed hash', async () => {
    const dir = await threeTicks();
    const rel = runtime.RECORD_KINDS.trendpack.path('RUN-R', 1);
    await writeFile(join(dir, rel), '{"tampered":true}');
    const err = await readTrendPack({ artifactsDir: dir, runId: 'RUN-R', tick: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrendPackCorruptError);
    expect((err as Error).message).toMatch(new RegExp(`^readTrendPack: ${rel} does not match its sealed sha256 [0-9a-f]{64}`));
    expect(canonicalJson(await readTrendPack({ artifactsDir: dir, runId: 'RUN-R', tick: 0 }))).toContain('"tick":0');
  });

  it('refuses bad options before reading anything', async () => {
    await expect(readTrendPack({ artifactsDir: '/nonexistent', runId: 'RUN-R', tick: -1 })).rejects.toThrow(
      new RuntimeValidationError('readTrendPack', 'tick', 'must be a non-negative safe integer', -1),
    );
    const typo = { artifactsDir: '/nonexistent', runId: 'RUN-R', tick: 0, tik: 1 } as unknown as runtime.ReadTrendPackOptions;
    await expect(readTrendPack(typo)).rejects.toThrow(new RuntimeValidationError('readTrendPack', 'tik', 'is not a known option; did you mean tick?'));
    const far = { artifactsDir: '/nonexistent', runId: 'RUN-R', from: 1 } as unknown as runtime.IterateTicksOptions;
    await expect(iterateTicks(far).next()).rejects.toThrow(new RuntimeValidationError('iterateTicks', 'from', 'is not a known option; known options are artifactsDir, store, runId, fromTick, toTick'));
    await expect(readTrendPack({ artifactsDir: '/nonexistent', runId: '../x', tick: 0 })).rejects.toBeInstanceOf(RuntimeValidationError);
  });
});

describe('iterateTicks', () => {
  it('yields every tick in ascending order, each hash-checked', async () => {
    const dir = await threeTicks();
    const seen: number[] = [];
    for await (const t of iterateTicks({ artifactsDir: dir, runId: 'RUN-R' })) {
      seen.push(t.tick);
      expect(t.trendpack.tick).toBe(t.tick);
      expect(t.ref).toBe(runtime.RECORD_KINDS.trendpack.path('RUN-R', t.tick));
    }
    expect(seen).toEqual([0, 1, 2]);
    const range: number[] = [];
    for await (const t of iterateTicks({ artifactsDir: dir, runId: 'RUN-R', fromTick: 1, toTick: 1 })) range.push(t.tick);
    expect(range).toEqual([1]);
  });

  it('stops at the first corrupt TrendPack, after yielding the good ones', async () => {
    const dir = await threeTicks();
    await writeFile(join(dir, runtime.RECORD_KINDS.trendpack.path('RUN-R', 2)), '{}');
    const seen: number[] = [];
    const loop = async () => {
      for await (const t of iterateTicks({ artifactsDir: dir, runId: 'RUN-R' })) seen.push(t.tick);
    };
    await expect(loop()).rejects.toBeInstanceOf(TrendPackCorruptError);
    expect(seen).toEqual([0, 1]);
  });

  it('refuses a reversed range', async () => {
    const it = iterateTicks({ artifactsDir: '/nonexistent', runId: 'RUN-R', fromTick: 3, toTick: 1 });
    await expect(it.next()).rejects.toThrow(new RuntimeValidationError('iterateTicks', 'toTick', 'must be at least fromTick (3)', 1));
  });
});

describe('the artifact API through @abraxas/runtime', () => {
  it('re-exports readManifest, the root hash and the artifact error classes as the same values', async () => {
    for (const name of ['readManifest', 'manifestRootHash', 'ArtifactError', 'ArtifactConflictError', 'ArtifactCorruptError', 'ArtifactLockError', 'ArtifactNotFoundError', 'ArtifactValidationError'] as const) {
      expect(runtime[name]).toBe(artifacts[name]);
    }
    const dir = await threeTicks();
    expect((await verifyRun(dir, 'RUN-R')).ok).toBe(true);
  });
});

import { sha256Hex } from '@abraxas/ers';
import { runtimeVectors, type RuntimeVector } from '@abraxas/golden-vectors';
import { filesOf } from '@abraxas/store-contract';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { vectorFunctions } from './support/vectors.js';

const decode = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(b);

describe('runtime golden vectors (reference abraxas_tick)', () => {
  it('has runtime vectors to replay', () => {
    expect(runtimeVectors.length).toBeGreaterThan(0);
  });

  describe.each(runtimeVectors.map((v) => [v.id, v] as const))('vector %s', (_id, v: RuntimeVector) => {
    it('writes the reference TrendPack bytes at the reference path, with its SHA-256', async () => {
      const dir = await tempDir();
      const r = await abraxasTick({ tick: v.tick, runId: v.run_id, mode: v.mode, context: {}, artifactsDir: dir, ...vectorFunctions(v) });
      const bytes = await readFile(join(dir, ...v.expect.trendpack_rel_path.split('/')));
      expect(decode(bytes)).toBe(v.expect.trendpack_json);
      expect(sha256Hex(bytes)).toBe(v.expect.trendpack_sha256);
      expect(r.artifacts.trendpack_sha256).toBe(v.expect.trendpack_sha256);
      expect(r.artifacts.trendpack).toBe(join(dir, ...v.expect.trendpack_rel_path.split('/')));
    });

    it('returns the reference statuses and remaining budgets as plain data', async () => {
      const dir = await tempDir();
      const r = await abraxasTick({ tick: v.tick, runId: v.run_id, mode: v.mode, context: {}, artifactsDir: dir, ...vectorFunctions(v) });
      expect(Object.fromEntries(Object.entries(r.results).map(([k, res]) => [k, res.status]))).toEqual(v.expect.statuses);
      expect(r.remaining).toEqual(v.expect.remaining);
      expect(Object.getPrototypeOf(r.remaining.forecast)).toBe(Object.prototype);
      expect(r.tick).toBe(v.tick);
      expect(r.run_id).toBe(v.run_id);
      expect(r.mode).toBe(v.mode);
      // Plain JSON-ready data: a JSON round trip changes nothing.
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });

    it('writes the same bytes through a run handle', async () => {
      const dir = await tempDir();
      const run = openRun({ runId: v.run_id, mode: v.mode, artifactsDir: dir });
      const r = await run.tick({ tick: v.tick, context: {}, ...vectorFunctions(v) });
      await run.close();
      expect(r.artifacts.trendpack_sha256).toBe(v.expect.trendpack_sha256);
      const tree = filesOf(dir);
      expect(decode(tree.get(v.expect.trendpack_rel_path) ?? new Uint8Array())).toBe(v.expect.trendpack_json);
    });
  });
});

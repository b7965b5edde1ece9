import { goldenVectors as golden } from '@abraxas/golden-vectors';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter } from '../src/index.js';
import { runIndexRelPath, trendpackRelPath } from './support/paths.js';
import { tempDir } from './support/fs.js';

// Loaded the way a consumer would: through the package's `exports` map.
const require = createRequire(import.meta.url);
const load = (name: string): object => JSON.parse(readFileSync(require.resolve(`@abraxas/artifacts/schemas/${name}`), 'utf8')) as object;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateManifest = ajv.compile(load('manifest.v0.schema.json'));

const readJson = (dir: string, rel: string): unknown => JSON.parse(readFileSync(join(dir, ...rel.split('/')), 'utf8'));

describe('the shipped Manifest.v0 JSON Schema (draft 2020-12)', () => {
  it('accepts the manifest of a run holding the golden vectors\' records', async () => {
    for (const v of golden.runtime) {
      // One folder per vector: two vectors write different TrendPacks for the same run and tick.
      const dir = tempDir();
      const w = new ArtifactWriter(dir, { fsync: false });
      const tp = await w.writeJson({
        runId: v.run_id,
        tick: v.tick,
        kind: 'trendpack',
        schema: 'TrendPack.v0',
        obj: JSON.parse(v.expect.trendpack_json),
        relPath: trendpackRelPath(v.run_id, v.tick),
        extra: { mode: v.mode, ers: 'v0.2' },
      });
      const ri = await w.writeJson({
        runId: v.run_id,
        tick: v.tick,
        kind: 'runindex',
        schema: 'RunIndex.v0',
        obj: { schema: 'RunIndex.v0', run_id: v.run_id, tick: v.tick, refs: { trendpack: tp.rel_path }, hashes: { trendpack_sha256: tp.sha256 }, tags: [], provenance: { engine: 'abraxas', mode: v.mode } },
        relPath: runIndexRelPath(v.run_id, v.tick),
        extra: { mode: v.mode },
      });
      expect(readJson(dir, ri.rel_path)).toMatchObject({ refs: { trendpack: tp.rel_path } });
      expect(validateManifest(readJson(dir, `manifests/${v.run_id}.manifest.json`)), ajv.errorsText(validateManifest.errors)).toBe(true);
    }
  });

  it('rejects what the reference got wrong or a writer must never produce', () => {
    const record = { tick: 0, kind: 'trendpack', schema: 'TrendPack.v0', path: 'viz/R/000000.trendpack.json', sha256: 'a'.repeat(64), bytes: 10 };
    const manifest = (r: object): object => ({ schema: 'Manifest.v0', run_id: 'R', records: [r] });
    expect(validateManifest(manifest(record))).toBe(true);
    expect(validateManifest(manifest({ ...record, path: '/tmp/artifacts/viz/R/000000.trendpack.json' }))).toBe(false); // absolute, as the reference wrote
    expect(validateManifest(manifest({ ...record, path: 'viz/../R/x.json' }))).toBe(false);
    expect(validateManifest(manifest({ ...record, sha256: 'A'.repeat(64) }))).toBe(false);
    expect(validateManifest(manifest({ ...record, tick: -1 }))).toBe(false);
    expect(validateManifest(manifest({ ...record, extra: {} }))).toBe(false);
    expect(validateManifest({ schema: 'Manifest.v0', run_id: 'a/b', records: [] })).toBe(false);
  });
});

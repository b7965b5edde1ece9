/**
 * Every file a run writes validates against the JSON Schemas its owners ship (draft 2020-12),
 * loaded through their `exports` maps as a consumer would: TrendPack v0.1 (@abraxas/viz),
 * RunIndex.v0 (this package, with the `stats` and `promotion` extensions) and Manifest.v0
 * (@abraxas/artifacts), each at the path `RECORD_KINDS` names.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun, RECORD_KINDS } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const schema = (specifier: string) => ajv.compile(JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as object);
const validators = {
  trendpack: schema(RECORD_KINDS.trendpack.jsonSchema),
  runindex: schema(RECORD_KINDS.runindex.jsonSchema),
  manifest: schema('@abraxas/artifacts/schemas/manifest.v0.schema.json'),
};

describe('emitted files validate against the shipped JSON Schemas', () => {
  it.each([
    ['without metrics', false],
    ['with promotion metrics', true],
  ])('TrendPack, RunIndex and manifest of a run %s', async (_label, withMetrics) => {
    const dir = await tempDir('schemas');
    const work = pipeline();
    const run = openRun<TestContext>({
      runId: 'RUN-SCHEMA',
      mode: 'test',
      artifactsDir: dir,
      fsync: false,
      ...(withMetrics ? { invarianceRuns: 2, metrics: { steady: steady() } } : {}),
    });
    const results = [];
    for (let t = 0; t < 4; t++) results.push(await run.tick(work(t)));
    await run.close();
    for (const r of results) {
      const trendpack: unknown = JSON.parse(await readFile(r.artifacts.trendpack, 'utf8'));
      const runindex = JSON.parse(await readFile(r.artifacts.runindex, 'utf8')) as { stats?: unknown; refs: Record<string, string> };
      expect(validators.trendpack(trendpack), ajv.errorsText(validators.trendpack.errors)).toBe(true);
      expect(validators.runindex(runindex), ajv.errorsText(validators.runindex.errors)).toBe(true);
      expect(runindex.stats).toEqual((trendpack as { stats: unknown }).stats);
      expect('promotion' in runindex.refs).toBe(withMetrics);
    }
    const manifest: unknown = JSON.parse(await readFile(join(dir, 'manifests', 'RUN-SCHEMA.manifest.json'), 'utf8'));
    expect(validators.manifest(manifest), ajv.errorsText(validators.manifest.errors)).toBe(true);
  });

  it('the RunIndex schema refuses absolute refs and malformed stats', async () => {
    const dir = await tempDir('schemas-bad');
    const r = await openRun<TestContext>({ runId: 'RUN-BAD', mode: 'test', artifactsDir: dir, fsync: false }).tick(pipeline()(0));
    const runindex = JSON.parse(await readFile(r.artifacts.runindex, 'utf8')) as Record<string, unknown>;
    expect(validators.runindex(runindex)).toBe(true);
    expect(validators.runindex({ ...runindex, refs: { trendpack: '/tmp/viz/RUN-BAD/000000.trendpack.json' } })).toBe(false);
    expect(validators.runindex({ ...runindex, stats: { errors: -1 } })).toBe(false);
    expect(validators.runindex({ ...runindex, hashes: { trendpack: 'a'.repeat(64) } })).toBe(false);
  });

  it('RECORD_KINDS names a shipped JSON Schema for every kind, whose $id is the kind\'s schema', () => {
    for (const k of Object.values(RECORD_KINDS)) {
      const doc = JSON.parse(readFileSync(require.resolve(k.jsonSchema), 'utf8')) as { $id?: string };
      expect(doc.$id?.startsWith(`urn:abraxas:schema:${k.schema}`)).toBe(true);
    }
  });
});

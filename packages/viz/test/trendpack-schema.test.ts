/**
 * The TrendPack v0.1 JSON Schema this package ships (draft 2020-12), loaded through the package's
 * `exports` map as a consumer would, against the golden vectors' TrendPacks.
 */
import { runtimeVectors, schedulerVectors } from '@abraxas/golden-vectors';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(require.resolve('@abraxas/viz/schemas/trendpack.v0.1.schema.json'), 'utf8')) as object);

describe('the shipped TrendPack JSON Schema', () => {
  it('accepts every TrendPack of the golden vectors', () => {
    for (const v of [...schedulerVectors, ...runtimeVectors]) {
      expect(validate(JSON.parse(v.expect.trendpack_json)), `${v.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('refuses another version and a lane the format does not have', () => {
    const tp = JSON.parse(runtimeVectors[0]?.expect.trendpack_json ?? '{}') as Record<string, unknown>;
    expect(validate(tp)).toBe(true);
    expect(validate({ ...tp, version: '0.2' })).toBe(false);
    expect(validate({ ...tp, timeline: [{ task: 't', lane: 'side', status: 'ok', cost_ops: 1, cost_entropy: 0, meta: {} }] })).toBe(false);
  });
});

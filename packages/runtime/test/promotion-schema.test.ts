import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openRun, type PromotionRecord } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, failOn, steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

// Loaded the way a consumer would: through @abraxas/artifacts' `exports` map.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@abraxas/runtime/schemas/promotion-decision.v0.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

async function emitted(): Promise<PromotionRecord[]> {
  const work = pipeline();
  const dir = await tempDir('schema');
  const run = openRun<TestContext>({
    runId: 'RUN-S',
    mode: 'test',
    artifactsDir: dir,
    fsync: false,
    invarianceRuns: 2,
    metrics: { steady: steady(), drifting: driftOn([1]), failing: failOn([2]), tight: steady({ initialStage: 'canary', costOps: 30 }) },
  });
  const records: PromotionRecord[] = [];
  for (let t = 0; t < 14; t++) {
    const r = await run.tick(work(t));
    records.push(JSON.parse(await readFile(r.artifacts.promotion ?? '', 'utf8')) as PromotionRecord);
  }
  await run.close();
  return records;
}

describe('the PromotionDecision.v0 JSON Schema (draft 2020-12)', () => {
  it('accepts every decision record a run emits: every stage, decision and evidence status', async () => {
    const records = await emitted();
    for (const r of records) expect(validate(r), `tick ${r.tick}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    const all = records.flatMap((r) => r.metrics);
    expect(new Set(all.map((m) => m.state.stage))).toEqual(new Set(['candidate', 'shadow', 'canary', 'promoted']));
    expect(new Set(all.map((m) => m.decision))).toEqual(new Set(['promote', 'demote', 'hold']));
    expect(new Set(all.map((m) => m.evidence.status))).toEqual(new Set(['ok', 'error', 'skipped_budget']));
  });

  it('rejects records a writer must never produce', async () => {
    const [r] = await emitted();
    if (r === undefined) throw new Error('no record');
    const m = r.metrics[0];
    if (m === undefined) throw new Error('no metric');
    const withMetric = (change: object): object => ({ ...r, metrics: [{ ...m, ...change }] });
    expect(validate(r)).toBe(true);
    expect(validate({ ...r, schema: 'PromotionDecision.v1' })).toBe(false);
    expect(validate({ ...r, refs: { trendpack: '/abs/viz/RUN-S/000000.trendpack.json' } })).toBe(false);
    expect(validate({ ...r, policy: { ...r.policy, shadow: { promote_after: -1, demote_after: 3 } } })).toBe(false);
    expect(validate({ ...r, policy: { ...r.policy, promoted: { promote_after: 1, demote_after: 2 } } })).toBe(false);
    expect(validate({ ...r, invariance_runs: 1 })).toBe(false);
    expect(validate(withMetric({ state: { ...m.state, stage: 'beta' } }))).toBe(false);
    expect(validate(withMetric({ state_before: { ...m.state_before, qualifying_streak: -1 } }))).toBe(false);
    expect(validate(withMetric({ evidence: { ...m.evidence, status: 'maybe' } }))).toBe(false);
    expect(validate(withMetric({ decision: 'keep' }))).toBe(false);
    expect(validate(withMetric({ lane: 'side' }))).toBe(false);
    expect(validate(withMetric({ task: 'shadow:x' }))).toBe(false);
    expect(validate(withMetric({ gate: { runs: 2, expected_hash: 'A'.repeat(64), first_mismatch_index: null } }))).toBe(false);
  });
});

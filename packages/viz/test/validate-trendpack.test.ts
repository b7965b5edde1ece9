/**
 * `validateTrendPack`: every golden TrendPack, parsed from its bytes, is accepted and reproduces the
 * same bytes; a pack whose derived fields disagree with its timeline, or that is not TrendPack v0.1
 * in shape, is rejected naming the field.
 */
import { canonicalJson } from '@abraxas/ers';
import { runtimeVectors, schedulerVectors } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { type TrendPack, validateTrendPack } from '../src/index.js';
import { expectVizError } from './expect-error.js';

const FN = 'validateTrendPack';
const goldenPacks = [...schedulerVectors, ...runtimeVectors].map((v) => ({ id: v.id, json: v.expect.trendpack_json }));

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
/** A parsed pack, open to tampering. */
type RawPack = DeepMutable<TrendPack> & Record<string, unknown>;

function parsed(id: string): RawPack {
  const found = goldenPacks.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no vector ${id}`);
  return JSON.parse(found.json) as RawPack;
}

function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

describe('validateTrendPack accepts every golden TrendPack', () => {
  for (const { id, json } of goldenPacks) {
    it(id, () => {
      const input = JSON.parse(json) as unknown;
      const pack = validateTrendPack(input);
      expect(canonicalJson(pack)).toBe(json);
      expect(pack).not.toBe(input);
    });
  }
});

describe('validateTrendPack rejects packs that are not consistent TrendPack v0.1', () => {
  // errors-spend-budget has ok, error and skipped events in both lanes.
  const id = 'errors-spend-budget';

  it.each([
    ['stats.ok_events', (p: RawPack) => (p.stats.ok_events += 1), 'pack.stats'],
    ['budget.forecast.spent_ops', (p: RawPack) => (p.budget.forecast.spent_ops = 2), 'pack.budget'],
    ['errors (one removed)', (p: RawPack) => p.errors.pop(), 'pack.errors'],
    ['errors (entropy added)', (p: RawPack) => Object.assign(at(p.errors, 0), { cost_entropy: 0 }), 'pack.errors'],
    ['skipped (one added)', (p: RawPack) => p.skipped.push({ task: 'x', lane: 'shadow', cost_ops: 1, cost_entropy: 0 }), 'pack.skipped'],
    ['budget holding undefined', (p: RawPack) => Object.assign(p.budget.shadow, { spent_ops: undefined }), 'pack.budget'],
  ])('a changed %s', (_what, mutate: (p: RawPack) => unknown, field) => {
    const p = parsed(id);
    mutate(p);
    expectVizError(() => validateTrendPack(p), FN, field, /must equal what the timeline implies/);
  });

  it.each([
    ['version', '0.2', 'pack.version', /must be '0.1'/],
    ['run_id', '', 'pack.run_id', /non-empty string/],
    ['tick', -1, 'pack.tick', /non-negative safe integer/],
    ['provenance', null, 'pack.provenance', /plain object/],
    ['timeline', {}, 'pack.timeline', /must be an array of TrendPack events/],
  ])('a bad %s', (key, value, field, rule) => {
    const p = parsed(id);
    p[key] = value;
    expectVizError(() => validateTrendPack(p), FN, field, rule);
  });

  it('a missing or an extra field', () => {
    const missing = parsed(id);
    Reflect.deleteProperty(missing, 'stats');
    expectVizError(() => validateTrendPack(missing), FN, 'pack.stats', /is missing/);
    const extra = parsed(id);
    extra.generated_at = 'now';
    expectVizError(() => validateTrendPack(extra), FN, 'pack.generated_at', /not a field/);
  });

  it('a timeline event with a tick (the timeline drops it), a bad lane or a repeated task', () => {
    const withTick = parsed(id);
    Object.assign(at(withTick.timeline, 1), { tick: 5 });
    expectVizError(() => validateTrendPack(withTick), FN, 'pack.timeline[1].tick', /not a field/);
    const badLane = parsed(id);
    Object.assign(at(badLane.timeline, 2), { lane: 'main' });
    expectVizError(() => validateTrendPack(badLane), FN, 'pack.timeline[2].lane', /must be one of/);
    const repeated = parsed(id);
    at(repeated.timeline, 4).task = at(repeated.timeline, 3).task;
    expectVizError(() => validateTrendPack(repeated), FN, 'pack.timeline[4].task', /unique within a tick/);
  });

  it('something that is not an object', () => {
    expectVizError(() => validateTrendPack('{}'), FN, 'pack', /plain object/);
    expectVizError(() => validateTrendPack([]), FN, 'pack', /plain object/);
  });
});

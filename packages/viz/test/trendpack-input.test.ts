/**
 * `ersTraceToTrendpack` on inputs beyond the golden vectors: the provenance default, fresh output
 * that shares nothing with the input, and every kind of bad input rejected with a
 * `VizValidationError` that names the function, the field and the rule.
 */
import { canonicalJson, type TraceEvent } from '@abraxas/ers';
import { schedulerVectors } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { ersTraceToTrendpack } from '../src/index.js';
import { expectVizError } from './expect-error.js';
import { replaySchedulerVector } from './vectors.js';

const FN = 'ersTraceToTrendpack';

function vector(id: string) {
  const v = schedulerVectors.find((x) => x.id === id);
  if (v === undefined) throw new Error(`no vector ${id}`);
  return v;
}

const errorsVector = vector('errors-spend-budget');
const trace = replaySchedulerVector(errorsVector);

function event(overrides: Record<string, unknown>): TraceEvent {
  const base: TraceEvent = { tick: 0, task: 't', lane: 'forecast', status: 'ok', cost_ops: 1, cost_entropy: 0, meta: { tags: [] } };
  return { ...base, ...overrides };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('ersTraceToTrendpack output', () => {
  it('defaults provenance to {} when absent or null, as the reference does for None', () => {
    const base = { trace, runId: 'R', tick: errorsVector.tick };
    expect(ersTraceToTrendpack(base).provenance).toEqual({});
    expect(ersTraceToTrendpack({ ...base, provenance: null }).provenance).toEqual({});
  });

  it('has exactly the nine TrendPack v0.1 fields and version "0.1"', () => {
    const pack = ersTraceToTrendpack({ trace, runId: 'R', tick: errorsVector.tick });
    expect(Object.keys(pack).sort()).toEqual(
      ['budget', 'errors', 'provenance', 'run_id', 'skipped', 'stats', 'tick', 'timeline', 'version'].sort(),
    );
    expect(pack.version).toBe('0.1');
  });

  it('charges errors like ok events and skips nothing (errors-spend-budget, from first principles)', () => {
    // f-err (2 ops, throws) and f-last (1 op) are attempted, f-ok (2 ops) is skipped: forecast spent 3.
    // s-err and s-ok (1 op each) are attempted: shadow spent 2.
    const pack = ersTraceToTrendpack({ trace, runId: 'R', tick: errorsVector.tick });
    expect(pack.budget).toEqual({ forecast: { spent_ops: 3, spent_entropy: 0 }, shadow: { spent_ops: 2, spent_entropy: 0 } });
    expect(pack.errors.map((e) => e.task)).toEqual(['f-err', 's-err']);
    expect(pack.skipped.map((s) => s.task)).toEqual(['f-ok']);
    expect(pack.stats).toEqual({ total_events: 5, forecast_events: 3, shadow_events: 2, errors: 2, skipped: 1, ok_events: 2 });
  });

  it('reads a frozen trace without mutating it, and shares no object with it', () => {
    const input = deepFreeze(structuredClone(trace) as TraceEvent[]);
    const prov = deepFreeze({ engine: 'abraxas', nested: { list: [1, 2] } });
    const before = canonicalJson({ input, prov });
    const pack = ersTraceToTrendpack({ trace: input, runId: 'R', tick: errorsVector.tick, provenance: prov });
    expect(canonicalJson({ input, prov })).toBe(before);
    expect(pack.provenance).toEqual(prov);
    expect(pack.provenance).not.toBe(prov);
    pack.timeline.forEach((e, i) => {
      expect(e.meta).toEqual(input[i]?.meta);
      expect(e.meta).not.toBe(input[i]?.meta);
    });
    expect(pack.errors[0]?.meta).not.toBe(pack.timeline[0]?.meta);
  });

  it('keeps a meta key named "__proto__" as an ordinary key', () => {
    const meta = JSON.parse('{"__proto__":{"x":1},"tags":[]}') as Record<string, never>;
    const pack = ersTraceToTrendpack({ trace: [event({ meta })], runId: 'R', tick: 0 });
    expect(canonicalJson(pack.timeline[0]?.meta)).toBe('{"__proto__":{"x":1},"tags":[]}');
  });

  it('accepts an empty trace', () => {
    const pack = ersTraceToTrendpack({ trace: [], runId: 'R', tick: 3 });
    expect(pack.stats).toEqual({ total_events: 0, forecast_events: 0, shadow_events: 0, errors: 0, skipped: 0, ok_events: 0 });
    expect(pack.budget.forecast).toEqual({ spent_ops: 0, spent_entropy: 0 });
  });

  it('counts a not_computable event as spent but not ok (the reference charges every non-skipped event)', () => {
    const pack = ersTraceToTrendpack({ trace: [event({ status: 'not_computable', cost_ops: 4 })], runId: 'R', tick: 0 });
    expect(pack.budget.forecast.spent_ops).toBe(4);
    expect(pack.stats.ok_events).toBe(0);
  });
});

describe('ersTraceToTrendpack rejects bad input', () => {
  const ok = { trace: [event({})], runId: 'R', tick: 0 };
  const call = (o: Record<string, unknown>) => () => ersTraceToTrendpack(o as never);

  it('options that are not an object', () => {
    expectVizError(() => ersTraceToTrendpack(null as never), FN, 'options', /must be an object/);
  });

  it.each([[''], [7], [undefined], ['bad\uD800']])('runId %j', (runId) => {
    expectVizError(call({ ...ok, runId }), FN, 'runId', /non-empty string|well-formed/);
  });

  it.each([[-1], [1.5], [Number.NaN], [Number.MAX_SAFE_INTEGER + 1], ['3'], [-0]])('tick %j', (tick) => {
    expectVizError(call({ ...ok, tick }), FN, 'tick', /non-negative safe integer/);
  });

  it.each([[null], [{}], ['events']])('trace %j', (t) => {
    expectVizError(call({ ...ok, trace: t }), FN, 'trace', /must be an array of trace events/);
  });

  it('an event that is not a plain object, or a hole in a sparse trace', () => {
    expectVizError(call({ ...ok, trace: [event({}), 'x'] }), FN, 'trace[1]', /must be a trace event object/);
    const sparse = [event({})];
    sparse[2] = event({ task: 'u' });
    expectVizError(call({ ...ok, trace: sparse }), FN, 'trace[1]', /must be a trace event object; got undefined/);
  });

  it.each([
    ['tick', -1, /non-negative safe integer/],
    ['task', '', /non-empty string/],
    ['lane', 'background', /must be one of 'forecast', 'shadow'/],
    ['status', 'done', /must be one of 'ok', 'skipped_budget', 'error', 'not_computable'/],
    ['cost_ops', -2, /non-negative safe integer/],
    ['cost_entropy', 0.5, /non-negative safe integer/],
    ['meta', [], /must be a plain object/],
  ])('an event whose %s is %j', (key, value, rule) => {
    expectVizError(call({ ...ok, trace: [event({ [key]: value })] }), FN, `trace[0].${key}`, rule);
  });

  it('an event of another tick (the timeline would silently attribute it to this one)', () => {
    expectVizError(call({ ...ok, trace: [event({}), event({ task: 'u', tick: 1 })] }), FN, 'trace[1].tick', /must equal tick \(0\)/);
  });

  it('a task name twice in one tick (the scheduler never produces that)', () => {
    expectVizError(call({ ...ok, trace: [event({}), event({ lane: 'shadow' })] }), FN, 'trace[1].task', /unique within a tick \(also at trace\[0\]\)/);
  });

  it.each([
    ['undefined', { a: undefined }, 'trace[0].meta.a'],
    ['NaN', { a: Number.NaN }, 'trace[0].meta.a'],
    ['Infinity', { a: [1, Number.POSITIVE_INFINITY] }, 'trace[0].meta.a[1]'],
    ['a function', { f: () => 1 }, 'trace[0].meta.f'],
    ['a BigInt', { n: 1n }, 'trace[0].meta.n'],
    ['a class instance', { m: new Map() }, 'trace[0].meta.m'],
    ['a lone surrogate', { 'odd key': '\uDC00' }, 'trace[0].meta["odd key"]'],
  ])('meta holding %s', (_what, meta, field) => {
    expectVizError(call({ ...ok, trace: [event({ meta })] }), FN, field);
  });

  it('meta with a cycle', () => {
    const meta: Record<string, unknown> = { tags: [] };
    meta.self = { back: meta };
    expectVizError(call({ ...ok, trace: [event({ meta })] }), FN, 'trace[0].meta.self.back', /cycle/);
  });

  it('a sparse array in meta', () => {
    // eslint-disable-next-line no-sparse-arrays
    expectVizError(call({ ...ok, trace: [event({ meta: { tags: [1, , 3] } })] }), FN, 'trace[0].meta.tags[1]', /hole/);
  });

  it.each([
    ['an array', [], 'provenance'],
    ['a string', 'abraxas', 'provenance'],
    ['a class instance', new Map([['engine', 'abraxas']]), 'provenance'],
    ['an undefined value', { engine: undefined }, 'provenance.engine'],
  ])('provenance that is %s', (_what, provenance, field) => {
    expectVizError(call({ ...ok, provenance }), FN, field);
  });

  it('costs whose sum leaves the safe integers', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const t = [event({ cost_ops: big }), event({ task: 'u', cost_ops: big })];
    expectVizError(call({ ...ok, trace: t }), FN, 'trace', /sum to a safe integer/);
  });
});

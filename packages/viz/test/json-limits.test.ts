/**
 * The JSON that TrendPacks copy from users (`provenance`, event `meta`) within canonical JSON's
 * limits: a depth limit instead of a stack overflow, no integers beyond ±(2^53 − 1), one read per value.
 */
import { MAX_JSON_DEPTH, type TraceEvent } from '@abraxas/ers';
import { describe, expect, it } from 'vitest';
import { ersTraceToTrendpack, validateTrendPack, type JsonObject } from '../src/index.js';
import { expectVizError } from './expect-error.js';

const FN = 'ersTraceToTrendpack';

function deepObject(levels: number): JsonObject {
  let v: JsonObject = { leaf: 1 };
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

const errorEvent = (meta: unknown): TraceEvent =>
  ({ tick: 0, task: 't', lane: 'forecast', status: 'error', cost_ops: 1, cost_entropy: 0, meta }) as TraceEvent;

describe('TrendPack JSON limits', () => {
  it('the limit is canonical JSON’s: 1000 levels are copied', () => {
    expect(MAX_JSON_DEPTH).toBe(1000);
    const pack = ersTraceToTrendpack({ trace: [], runId: 'R', tick: 0, provenance: deepObject(1000) });
    let v: unknown = pack.provenance;
    let levels = 0;
    while (typeof v === 'object' && v !== null) {
      levels++;
      v = (v as Record<string, unknown>).a ?? (v as Record<string, unknown>).leaf;
    }
    expect(levels).toBe(1000);
  });

  it('refuses 5000 levels in provenance and in an error event’s meta with VizValidationError, not RangeError', () => {
    const path = '.a'.repeat(1000);
    expectVizError(() => ersTraceToTrendpack({ trace: [], runId: 'R', tick: 0, provenance: deepObject(5000) }), FN, `provenance${path}`, /deeper than 1000/);
    expectVizError(() => ersTraceToTrendpack({ trace: [errorEvent(deepObject(5000))], runId: 'R', tick: 0 }), FN, `trace[0].meta${path}`, /deeper than 1000/);
  });

  it('refuses 5000 levels in a pack given to validateTrendPack', () => {
    const pack = ersTraceToTrendpack({ trace: [], runId: 'R', tick: 0 });
    expectVizError(() => validateTrendPack({ ...pack, provenance: deepObject(5000) }), 'validateTrendPack', `pack.provenance${'.a'.repeat(1000)}`, /deeper than 1000/);
  });

  it.each([
    ['2 ** 64', 2 ** 64],
    ['1e21', 1e21],
    ['-(2 ** 53)', -(2 ** 53)],
  ])('refuses the integer %s, which JSON readers cannot hold exactly', (_label, n) => {
    expectVizError(() => ersTraceToTrendpack({ trace: [], runId: 'R', tick: 0, provenance: { big: [n] } }), FN, 'provenance.big[0]', /±\(2\^53 − 1\)/);
  });

  it('reads each provenance value once: a getter cannot pass the check and be copied as another value', () => {
    let reads = 0;
    let ownKeysCalls = 0;
    const proxy = new Proxy({ a: 1 }, {
      ownKeys(t) {
        ownKeysCalls++;
        return Reflect.ownKeys(t);
      },
    });
    const provenance = {
      get mode(): unknown {
        reads++;
        return reads === 1 ? 'live' : Number.NaN;
      },
      p: proxy,
    };
    const pack = ersTraceToTrendpack({ trace: [], runId: 'R', tick: 0, provenance: provenance as unknown as JsonObject });
    expect(pack.provenance).toEqual({ mode: 'live', p: { a: 1 } });
    expect(reads).toBe(1);
    expect(ownKeysCalls).toBe(1);
  });
});

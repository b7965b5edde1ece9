/**
 * Long traces: the trace text is written and hashed a chunk of events at a time; every length
 * around the chunk boundaries must give the bytes and the SHA-256 of an independent reference
 * (fast-json-stable-stringify with a code-point comparator, hashed by node:crypto).
 */
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, traceHashSha256, traceJsonBytes, type TraceEvent } from '../src/index.js';

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}
const reference = (value: unknown): string =>
  (stableStringify as unknown as (v: unknown, o: { cmp: (a: { key: string }, b: { key: string }) => number }) => string)(value, {
    cmp: (a, b) => byCodePoint(a.key, b.key),
  });

/** Events with varied, non-ASCII and astral names and metas (one with keys out of order, one index key). */
function trace(n: number): TraceEvent[] {
  const metas: TraceEvent['meta'][] = [{ tags: ['x', 'é'] }, { reason: 'budget' }, { z: 1, a: [null, true], '\u{1f600}': 'ü' }, { 7: 'i', b: 2 }];
  return Array.from({ length: n }, (_, i) => ({
    tick: 3,
    task: i % 5 === 0 ? `tâche\u{10000}${String(i)}` : `t"${String(i)}`,
    lane: i % 4 === 3 ? 'shadow' : 'forecast',
    status: 'ok',
    cost_ops: i % 7,
    cost_entropy: i % 3,
    meta: metas[i % (i > 600 ? 4 : 3)] ?? {},
  }));
}

describe('trace text and hash across chunk boundaries', () => {
  for (const n of [0, 1, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 3000]) {
    it(`${String(n)} events`, () => {
      const t = trace(n);
      const text = reference({ events: t });
      expect(new TextDecoder().decode(traceJsonBytes(t))).toBe(text);
      expect(traceHashSha256(t)).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    });
  }

  it('a bad meta in a late chunk is refused with its index, after earlier chunks were written', () => {
    const t = trace(2000);
    t[1800] = { ...(t[1800] as TraceEvent), meta: { bad: Number.NaN } };
    expect(() => traceHashSha256(t)).toThrow(CanonicalJsonError);
    expect(() => traceHashSha256(t)).toThrow('trace[1800].meta.bad');
  });
});

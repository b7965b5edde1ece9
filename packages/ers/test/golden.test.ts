import { goldenVectors as golden } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { canonicalizeTrace, dozenRunInvarianceGate, traceHashSha256, traceJsonBytes } from '../src/index.js';
import { runVector } from './support/golden.js';

const CANONICAL_HASH = 'ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16';
const decode = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b);

describe('golden vectors from the reference implementation', () => {
  it('is the vector file this suite expects', () => {
    expect(golden.schema).toBe('ErsGoldenVectors.v1');
    expect(golden.scheduler.length).toBeGreaterThan(0);
    expect(golden.gate.length).toBeGreaterThan(0);
  });

  describe.each(golden.scheduler.map((v) => [v.id, v] as const))('scheduler vector %s', (_id, v) => {
    const out = runVector(v);

    it('executes in the reference order', () => {
      expect(out.trace.map((e) => e.task)).toEqual(v.expect.order);
      // A JS object lists integer-like keys ("9", "10") first, whatever the insertion order, so
      // `results` is compared as a set; the trace carries the execution order.
      expect(Object.keys(out.results).sort()).toEqual([...v.expect.order].sort());
    });

    it('gives every task the reference status and error', () => {
      const statuses = Object.fromEntries(Object.values(out.results).map((r) => [r.name, r.status]));
      expect(statuses).toEqual(v.expect.statuses);
      const errors = Object.fromEntries(
        Object.values(out.results)
          .filter((r) => r.error !== null)
          .map((r) => [r.name, r.error]),
      );
      expect(errors).toEqual(v.expect.errors);
    });

    it('leaves the reference remaining budgets', () => {
      expect(out.remaining.forecast.toJSON()).toEqual(v.expect.remaining.forecast);
      expect(out.remaining.shadow.toJSON()).toEqual(v.expect.remaining.shadow);
    });

    it('writes byte-identical canonical trace JSON and hash', () => {
      expect(decode(traceJsonBytes(out.trace))).toBe(v.expect.trace_json);
      expect(traceHashSha256(out.trace)).toBe(v.expect.trace_sha256);
      expect(JSON.stringify(canonicalizeTrace(out.trace))).toBe(v.expect.trace_json);
    });
  });

  describe.each(golden.gate.map((v) => [v.id, v] as const))('gate vector %s', (_id, v) => {
    it('reproduces the reference gate result and divergence report', () => {
      const result = dozenRunInvarianceGate({
        runs: v.runs,
        makeTrace: (i) => runVector(v, v.per_run_outcomes[i] ?? {}).trace,
      });
      expect(JSON.parse(JSON.stringify(result))).toEqual(v.expect_gate);
    });
  });

  it("reproduces the spec's canonical invariance hash", () => {
    const seed = golden.scheduler.find((v) => v.id === 'seed-invariance-check');
    expect(seed).toBeDefined();
    if (seed === undefined) return;
    expect(traceHashSha256(runVector(seed).trace)).toBe(CANONICAL_HASH);
    const gate = dozenRunInvarianceGate({ makeTrace: () => runVector(seed).trace });
    expect(gate.ok).toBe(true);
    expect(gate.expected_hash).toBe(CANONICAL_HASH);
    expect(gate.hashes).toHaveLength(12);
  });
});

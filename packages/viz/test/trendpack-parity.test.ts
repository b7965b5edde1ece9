/**
 * Parity with the reference: the TrendPack of every golden vector's tick has exactly the
 * reference's canonical bytes and SHA-256.
 */
import { canonicalJsonBytes, sha256Hex, traceHashSha256 } from '@abraxas/ers';
import { runtimeVectors, schedulerVectors } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { ersTraceToTrendpack } from '../src/index.js';
import { replayRuntimeVector, replaySchedulerVector } from './vectors.js';

const decoder = new TextDecoder();

describe('ersTraceToTrendpack matches the reference on every scheduler vector', () => {
  it('covers all 14 scheduler vectors', () => {
    expect(schedulerVectors).toHaveLength(14);
  });

  for (const v of schedulerVectors) {
    it(v.id, () => {
      const trace = replaySchedulerVector(v);
      // The replay itself is the reference's tick (guards against a mis-built scenario).
      expect(traceHashSha256(trace)).toBe(v.expect.trace_sha256);
      const pack = ersTraceToTrendpack({
        trace,
        runId: v.expect.trendpack_run_id,
        tick: v.tick,
        provenance: v.expect.trendpack_provenance,
      });
      const bytes = canonicalJsonBytes(pack);
      expect(decoder.decode(bytes)).toBe(v.expect.trendpack_json);
      expect(sha256Hex(bytes)).toBe(v.expect.trendpack_sha256);
    });
  }
});

describe('ersTraceToTrendpack matches the reference on every runtime vector', () => {
  it('covers all 3 runtime vectors', () => {
    expect(runtimeVectors).toHaveLength(3);
  });

  for (const v of runtimeVectors) {
    it(v.id, () => {
      const pack = ersTraceToTrendpack({
        trace: replayRuntimeVector(v),
        runId: v.run_id,
        tick: v.tick,
        provenance: { engine: 'abraxas', mode: v.mode, ers: 'v0.2' },
      });
      const bytes = canonicalJsonBytes(pack);
      expect(decoder.decode(bytes)).toBe(v.expect.trendpack_json);
      expect(sha256Hex(bytes)).toBe(v.expect.trendpack_sha256);
    });
  }
});

import { traceHashSha256, traceJsonBytes } from '@abraxas/ers';
import { schedulerVectors } from '@abraxas/golden-vectors';
import { describe, expect, it } from 'vitest';
import { CANONICAL_SCENARIO, SPEC_CANONICAL_HASH } from '../src/scenario/canonical-scenario.js';
import { declarativeTrace, declarativeTraceAsync } from '../src/scenario/declarative-trace.js';
import { parseScenarioDefinition } from '../src/scenario/scenario-validate.js';
import { loadScenarioFile } from '../src/scenario/scenario-load.js';
import { APP_DIR, GOLDEN_CANONICAL_HASH } from './support/cli.js';

const decoder = new TextDecoder();

describe('declarative scenarios replay the golden scheduler vectors', () => {
  for (const vector of schedulerVectors) {
    const { expect: expected, ...scenario } = vector;
    const def = parseScenarioDefinition(scenario, `${vector.id}.json`, vector.id);

    it(`${vector.id}: same trace bytes and hash as the reference`, () => {
      const trace = declarativeTrace(def, 0);
      expect(trace.map((e) => e.task)).toEqual(expected.order);
      expect(decoder.decode(traceJsonBytes(trace))).toBe(expected.trace_json);
      expect(traceHashSha256(trace)).toBe(expected.trace_sha256);
    });

    it(`${vector.id}: async task functions give the same trace`, async () => {
      expect(traceHashSha256(await declarativeTraceAsync({ ...def, async: true }, 0))).toBe(expected.trace_sha256);
    });
  }
});

describe('the canonical scenario', () => {
  it("is the golden seed vector, whose hash is the spec's", () => {
    expect(SPEC_CANONICAL_HASH).toBe('ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16');
    expect(GOLDEN_CANONICAL_HASH).toBe(SPEC_CANONICAL_HASH);
    expect(traceHashSha256(declarativeTrace(CANONICAL_SCENARIO, 0))).toBe(SPEC_CANONICAL_HASH);
  });
});

describe('per-run outcomes and ticks', () => {
  const base = {
    tick: 0,
    budget_forecast: { ops: 10 },
    budget_shadow: { ops: 10 },
    tasks: [
      { name: 'a', lane: 'forecast', priority: 0, cost_ops: 1 },
      { name: 'b', lane: 'forecast', priority: 1, cost_ops: 1 },
    ],
  };

  it('override the named tasks in their run only; "absent" leaves the task out', () => {
    const def = parseScenarioDefinition({ ...base, per_run_outcomes: [{}, { a: 'throw' }, { b: 'absent' }] }, 's.json', 's');
    expect(declarativeTrace(def, 0).map((e) => `${e.task}:${e.status}`)).toEqual(['a:ok', 'b:ok']);
    expect(declarativeTrace(def, 1).map((e) => `${e.task}:${e.status}`)).toEqual(['a:error', 'b:ok']);
    expect(declarativeTrace(def, 2).map((e) => `${e.task}:${e.status}`)).toEqual(['a:ok']);
    expect(declarativeTrace(def, 3).map((e) => `${e.task}:${e.status}`)).toEqual(['a:ok', 'b:ok']);
  });

  it('run each tick in order with fresh budgets, one scheduler per run', () => {
    const def = parseScenarioDefinition({ ...base, tick: undefined, ticks: [4, 2], budget_forecast: { ops: 1 } }, 's.json', 's');
    expect(declarativeTrace(def, 0).map((e) => `${e.tick}:${e.task}:${e.status}`)).toEqual([
      '4:a:ok',
      '4:b:skipped_budget',
      '2:a:ok',
      '2:b:skipped_budget',
    ]);
  });
});

describe('the unicode-astral repo scenario', () => {
  it('orders names by code point, not by UTF-16 code unit, in every tick', async () => {
    const scenario = await loadScenarioFile('scenarios/unicode-astral.json', APP_DIR);
    const trace = await scenario.makeTrace(0);
    // U+E000 < U+FF5E < U+1F680 by code point (by UTF-16 unit, U+1F680's lead surrogate 0xD83D would sort first);
    // in the shadow lane "z" (U+007A) < U+10000.
    const perTick = ['\ue000 private', '\uff5e wave', '\u{1F680} launch', 'z', '\u{10000} linear-b'];
    expect(trace.map((e) => e.task)).toEqual([...perTick, ...perTick]);
    expect(trace.map((e) => e.tick)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(trace.find((e) => e.task === '\u{10000} linear-b')?.status).toBe('error');
  });
});

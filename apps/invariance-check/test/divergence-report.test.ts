import type { CanonicalTraceEvent } from '@abraxas/ers';
import { describe, expect, it } from 'vitest';
import { runDivergences } from '../src/reports/divergence-report.js';

const ev = (task: string, status: CanonicalTraceEvent['status'] = 'ok', tags: string[] = []): CanonicalTraceEvent => ({
  cost_entropy: 0,
  cost_ops: 1,
  lane: 'forecast',
  meta: status === 'skipped_budget' ? { reason: 'budget' } : { tags },
  status,
  task,
  tick: 0,
});

describe('runDivergences', () => {
  it('reports every mismatching run against run 0, not only the first', () => {
    const base = [ev('a'), ev('b')];
    const traces = [base, base, [ev('a'), ev('b', 'error')], base, [ev('a', 'ok', ['x']), ev('b')]];
    const hashes = ['h0', 'h0', 'h2', 'h0', 'h4'];
    const out = runDivergences(traces, hashes);
    expect(out.map((d) => d.run)).toEqual([2, 4]);
    expect(out[0]).toEqual({ run: 2, hash: 'h2', event_index: 1, a: ev('b'), b: ev('b', 'error'), paths: ['status'], extra: null });
    expect(out[1]).toMatchObject({ run: 4, event_index: 0, paths: ['meta.tags[0]'] });
  });

  it('gives the first extra event when one trace is a prefix of the other', () => {
    const longer = [ev('a'), ev('b'), ev('c')];
    const shorter = [ev('a'), ev('b')];
    const [fewer] = runDivergences([longer, shorter], ['h0', 'h1']);
    expect(fewer).toEqual({ run: 1, hash: 'h1', event_index: 2, a: { _len: 3 }, b: { _len: 2 }, paths: ['_len'], extra: { side: 'a', event: ev('c') } });
    const [more] = runDivergences([shorter, longer], ['h0', 'h1']);
    expect(more?.extra).toEqual({ side: 'b', event: ev('c') });
  });

  it('is empty when every hash agrees', () => {
    expect(runDivergences([[ev('a')], [ev('a')]], ['h', 'h'])).toEqual([]);
  });
});

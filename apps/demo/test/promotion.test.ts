import { DEFAULT_PROMOTION_POLICY } from '@abraxas/ers/promotion';
import type { TickResult } from '@abraxas/runtime';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';
import { schedule, tempDir } from './support/cli.js';

async function demo(ticks: number): Promise<{ results: TickResult[]; summary: Awaited<ReturnType<typeof runDemo>> }> {
  const results: TickResult[] = [];
  const summary = await runDemo({ out: await tempDir('promo'), ticks, seed: 7, runId: 'demo', mode: 'demo', fsync: false, onTick: (r) => results.push(r) });
  return { results, summary };
}

const decision = (r: TickResult, metric: string) => {
  const d = r.promotion?.record.metrics.find((m) => m.metric === metric);
  if (d === undefined) throw new Error(`tick ${r.tick}: no decision for ${metric}`);
  return d;
};

describe('the demo\'s two candidate metrics', () => {
  it('volatility is promoted at exactly the ticks the default policy says, and only then consumed', async () => {
    const { results, summary } = await demo(24);
    const p = DEFAULT_PROMOTION_POLICY;
    const toShadow = (p.candidate.promote_after ?? 0) - 1; // 0
    const toCanary = toShadow + (p.shadow.promote_after ?? 0); // 6
    const toPromoted = toCanary + (p.canary.promote_after ?? 0); // 12
    const moves = results.filter((r) => decision(r, 'volatility').decision !== 'hold').map((r) => [r.tick, decision(r, 'volatility').state.stage]);
    expect(moves).toEqual([
      [toShadow, 'shadow'],
      [toCanary, 'canary'],
      [toPromoted, 'promoted'],
    ]);
    for (const r of results) {
      const v = r.results['metric:volatility'];
      expect(v?.status).toBe('ok');
      expect(v?.lane).toBe(r.tick > toCanary ? 'forecast' : 'shadow');
      // Consumed from the tick after its promotion; as a canary (forecast lane) it is only observed.
      expect(r.promotion?.consumed).toEqual(r.tick > toPromoted ? { volatility: v?.value } : {});
      // The overlay reads the previous tick's consumed value as its band.
      const overlay = r.results['oracle:overlay'];
      if (overlay.status !== 'ok') continue;
      const prev = results[r.tick - 1]?.promotion?.consumed.volatility;
      expect((overlay.value as { band: unknown }).band).toBe(r.tick > toPromoted + 1 ? prev : null);
    }
    expect(summary.promotion.metrics.find((m) => m.metric === 'volatility')?.final).toBe('promoted');
  });

  it('burst_load drifts on every burst tick, which keeps it in shadow: the window never fills', async () => {
    const { results } = await demo(60);
    const drift = results.filter((r) => !decision(r, 'burst_load').evidence.invariant).map((r) => r.tick);
    expect(drift).toEqual(schedule.driftTicks(60));
    for (const r of results) {
      const d = decision(r, 'burst_load');
      expect(d.evidence.status).toBe('ok'); // its value drifts, its status never does
      expect(d.state.stage).toBe('shadow');
      expect(d.lane).toBe('shadow');
      expect(d.consumed).toBe(false);
      // Bursts come every 6 ticks, so at most 5 qualifying ticks in a row: one short of the window.
      expect(d.state.qualifying_streak).toBeLessThan(DEFAULT_PROMOTION_POLICY.shadow.promote_after ?? 0);
    }
    // And it never fails twice in a row, so it is never demoted either.
    expect(results.some((r) => decision(r, 'burst_load').decision === 'demote')).toBe(false);
  });

  it('the summary\'s timelines are the replayed ledger: one entry per metric and tick', async () => {
    const { results, summary } = await demo(8);
    expect(summary.promotion.replayed).toBe(16);
    for (const m of summary.promotion.metrics) {
      expect(m.ticks.map((t) => [t.tick, t.stage, t.decision, t.next])).toEqual(
        results.map((r) => {
          const d = decision(r, m.metric);
          return [r.tick, d.state_before.stage, d.decision, d.state.stage];
        }),
      );
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErsValidationError } from '../src/index.js';
import {
  DEFAULT_PROMOTION_POLICY,
  decidePromotion,
  initialPromotionState,
  isConsumed,
  laneForStage,
  promotionPolicy,
  type PromotionEvidence,
  type PromotionPolicy,
  type PromotionStage,
  type PromotionState,
} from '../src/promotion-entry.js';

const good = (tick: number): PromotionEvidence => ({ tick, status: 'ok', cost_ops: 2, lane_budget_ops: 20, invariant: true });
const bad = (tick: number, patch: Partial<PromotionEvidence> = { status: 'error' }): PromotionEvidence => ({ ...good(tick), ...patch });

/** Applies evidence in order and returns every decision. */
function replay(evidence: PromotionEvidence[], policy: PromotionPolicy, start: PromotionState = initialPromotionState('m')) {
  let state = start;
  return evidence.map((e) => {
    const d = decidePromotion(state, e, policy);
    state = d.state;
    return d;
  });
}

const policy = promotionPolicy({
  candidate: { promote_after: 1 },
  shadow: { promote_after: 3, demote_after: 2 },
  canary: { promote_after: 4, demote_after: 2 },
  promoted: { demote_after: 3 },
});

describe('promotion lifecycle', () => {
  it('promotes at exactly the tick the policy says', () => {
    // candidate needs 1, shadow 3, canary 4 qualifying ticks: promotions at ticks 0, 3 and 7.
    const ds = replay([0, 1, 2, 3, 4, 5, 6, 7, 8].map(good), policy);
    expect(ds.map((d) => d.decision)).toEqual(['promote', 'hold', 'hold', 'promote', 'hold', 'hold', 'hold', 'promote', 'hold']);
    expect(ds.map((d) => d.state.stage)).toEqual(['shadow', 'shadow', 'shadow', 'canary', 'canary', 'canary', 'canary', 'promoted', 'promoted']);
    expect(ds[7]?.state).toEqual({ metric: 'm', stage: 'promoted', qualifying_streak: 0, failing_streak: 0, entered_tick: 7, last_tick: 7 });
  });

  it.each([
    ['an error', { status: 'error' as const }],
    ['a budget skip', { status: 'skipped_budget' as const }],
    ['absence', { status: 'absent' as const }],
    ['drift across the gate runs', { invariant: false }],
    ['a cost above the allowed share of the lane budget', { cost_ops: 11 }],
  ])('a single bad tick (%s) resets the qualifying window', (_label, patch) => {
    const start: PromotionState = { ...initialPromotionState('m', 'shadow'), entered_tick: 0, last_tick: 0 };
    // shadow needs 3 in a row: good, good, BAD, good, good, good → promotion at tick 6, not at 3.
    const ds = replay([good(1), good(2), bad(3, patch), good(4), good(5), good(6)], policy, start);
    expect(ds.map((d) => d.decision)).toEqual(['hold', 'hold', 'hold', 'hold', 'hold', 'promote']);
    expect(ds[2]?.state.qualifying_streak).toBe(0);
    expect(ds[2]?.reason).toMatch(/reset/);
  });

  it('a cost of exactly the allowed share qualifies (50% of 20 is 10)', () => {
    const start = initialPromotionState('m', 'shadow');
    const d = decidePromotion(start, bad(0, { cost_ops: 10 }), policy);
    expect(d.state.qualifying_streak).toBe(1);
  });

  it('demotes after M consecutive failing ticks, and a good tick resets the failing streak', () => {
    const start: PromotionState = { ...initialPromotionState('m', 'promoted'), entered_tick: 0, last_tick: 0 };
    // promoted demotes after 3 failures in a row: bad, bad, good, bad, bad, bad → demotion at tick 6.
    const ds = replay([bad(1), bad(2), good(3), bad(4), bad(5), bad(6)], policy, start);
    expect(ds.map((d) => d.decision)).toEqual(['hold', 'hold', 'hold', 'hold', 'hold', 'demote']);
    expect(ds[5]?.state.stage).toBe('canary');
    expect(ds[5]?.state.entered_tick).toBe(6);
    // canary demotes after 2 more → shadow, shadow after 2 more → candidate, which never demotes.
    const more = replay([bad(7), bad(8), bad(9), bad(10), bad(11), bad(12)], policy, ds[5]?.state);
    expect(more.map((d) => d.state.stage)).toEqual(['canary', 'shadow', 'shadow', 'candidate', 'candidate', 'candidate']);
  });

  it('puts candidate and shadow in the shadow lane, canary and promoted in the forecast lane; only promoted is consumed', () => {
    const stages: PromotionStage[] = ['candidate', 'shadow', 'canary', 'promoted'];
    expect(stages.map(laneForStage)).toEqual(['shadow', 'shadow', 'forecast', 'forecast']);
    expect(stages.map(isConsumed)).toEqual([false, false, false, true]);
  });

  it('is deterministic: the same evidence always gives the same states and reasons', () => {
    const evidence = fc.array(
      fc.record({
        status: fc.constantFrom('ok' as const, 'error' as const, 'skipped_budget' as const, 'absent' as const),
        cost_ops: fc.nat({ max: 20 }),
        invariant: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(evidence, (es) => {
        const full = es.map((e, tick) => ({ ...e, tick, lane_budget_ops: 20 }));
        const a = replay(full, DEFAULT_PROMOTION_POLICY);
        const b = replay(full, DEFAULT_PROMOTION_POLICY);
        expect(b).toEqual(a);
        for (const d of a) {
          expect(d.state.qualifying_streak === 0 || d.state.failing_streak === 0).toBe(true);
        }
      }),
    );
  });
});

describe('bad promotion input is refused', () => {
  it.each([
    ['negative window', { shadow: { promote_after: -1 } }, 'shadow.promote_after'],
    ['zero window', { canary: { demote_after: 0 } }, 'canary.demote_after'],
    ['fractional window', { canary: { promote_after: 1.5 } }, 'canary.promote_after'],
    ['unknown stage', { staging: { promote_after: 1 } }, 'staging'],
    ['unknown field', { shadow: { promote_after: 1, window: 3 } }, 'shadow.window'],
    ['promotion past the top', { promoted: { promote_after: 1 } }, 'promoted.promote_after'],
    ['demotion below the bottom', { candidate: { demote_after: 1 } }, 'candidate.demote_after'],
    ['cost share above 100%', { max_cost_percent: 101 }, 'max_cost_percent'],
  ])('%s', (_label, overrides, field) => {
    expect(() => promotionPolicy(overrides as never)).toThrow(ErsValidationError);
    expect(() => promotionPolicy(overrides as never)).toThrow(`promotionPolicy: ${field}`);
  });

  it('refuses an unknown stage in a state, bad evidence, and ticks out of order', () => {
    const s = initialPromotionState('m');
    expect(() => initialPromotionState('m', 'beta' as never)).toThrow('initialPromotionState: stage must be one of');
    expect(() => decidePromotion({ ...s, stage: 'beta' as never }, good(0))).toThrow('decidePromotion: state.stage');
    expect(() => decidePromotion(s, { ...good(0), status: 'fine' as never })).toThrow('decidePromotion: evidence.status');
    expect(() => decidePromotion(s, { ...good(0), invariant: 'yes' as never })).toThrow('decidePromotion: evidence.invariant');
    const after = decidePromotion(s, good(5)).state;
    expect(() => decidePromotion(after, good(5))).toThrow('decidePromotion: evidence.tick must be greater than the last applied tick 5');
  });
});

describe('policy defaults', () => {
  it('treats an explicit undefined window as not given', () => {
    const p = promotionPolicy({ shadow: { promote_after: undefined, demote_after: 4 } });
    expect(p.shadow).toEqual({ promote_after: DEFAULT_PROMOTION_POLICY.shadow.promote_after, demote_after: 4 });
  });
});

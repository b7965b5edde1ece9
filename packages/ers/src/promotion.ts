/**
 * Metric promotion lifecycle: a new metric starts observation-only and earns the forecast lane
 * tick by tick, through canary windows, with hysteresis:
 *
 *   candidate → shadow → canary → promoted      (promotion: N consecutive qualifying ticks)
 *   candidate ← shadow ← canary ← promoted      (demotion:  M consecutive failing ticks)
 *
 * A tick qualifies when the metric's task ran `ok`, its trace events were invariant across the
 * gate's runs, and its cost stayed within the policy's share of its lane budget. Any other tick is
 * failing: it resets the qualifying streak (a single bad tick restarts the window), and a good tick
 * resets the failing streak. `candidate` and `shadow` run in the shadow lane; `canary` runs in the
 * forecast lane's order and budget but its value is not consumed; `promoted` is a full forecast task.
 *
 * Owns: the pure decision `decidePromotion(state, evidence, policy)` and its records (snake_case:
 * they are written as artifacts). Must not: schedule tasks, do IO, read clocks.
 */
import { ErsValidationError } from './errors.js';
import { didYouMean } from './option-keys.js';
import type { Lane, Status } from './types.js';
import { isPlainObject, requireName, requireNonNegativeInt, requireObject, requirePositiveInt } from './validate.js';

export type PromotionStage = 'candidate' | 'shadow' | 'canary' | 'promoted';
export type PromotionDecisionKind = 'promote' | 'demote' | 'hold';

export const PROMOTION_STAGES: readonly PromotionStage[] = ['candidate', 'shadow', 'canary', 'promoted'];

/** Streak lengths for one stage: promote after `promote_after` qualifying ticks, demote after `demote_after` failing ones. */
export interface StagePolicy {
  /** Consecutive qualifying ticks needed to move up; absent for `promoted` (the top). */
  readonly promote_after?: number;
  /** Consecutive failing ticks that move down; absent for `candidate` (the bottom). */
  readonly demote_after?: number;
}

export interface PromotionPolicy {
  readonly candidate: StagePolicy;
  readonly shadow: StagePolicy;
  readonly canary: StagePolicy;
  readonly promoted: StagePolicy;
  /** Largest share of its lane's budget (ops) a qualifying tick may spend, in percent (1..100). */
  readonly max_cost_percent: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = Object.freeze({
  candidate: Object.freeze({ promote_after: 1 }),
  shadow: Object.freeze({ promote_after: 6, demote_after: 3 }),
  canary: Object.freeze({ promote_after: 6, demote_after: 2 }),
  promoted: Object.freeze({ demote_after: 2 }),
  max_cost_percent: 50,
});

/** Where a metric stands after some tick (a written record). */
export interface PromotionState {
  readonly metric: string;
  readonly stage: PromotionStage;
  /** Consecutive qualifying ticks in the current stage. */
  readonly qualifying_streak: number;
  /** Consecutive failing ticks in the current stage. */
  readonly failing_streak: number;
  /** Tick at which the metric entered its current stage (null before any evidence). */
  readonly entered_tick: number | null;
  /** Last tick whose evidence was applied (null before any). */
  readonly last_tick: number | null;
}

/** What one tick says about a metric, taken from what the run already produces. */
export interface PromotionEvidence {
  readonly tick: number;
  /** The metric task's status this tick, or `absent` if it was not scheduled. */
  readonly status: Status | 'absent';
  readonly cost_ops: number;
  /** Ops budget of the lane the task ran in. */
  readonly lane_budget_ops: number;
  /** Whether the task's trace events were identical across the invariance gate's runs this tick. */
  readonly invariant: boolean;
}

export interface PromotionDecision {
  readonly state: PromotionState;
  readonly decision: PromotionDecisionKind;
  readonly reason: string;
}

/** The lane a metric's task runs in at a stage. */
export function laneForStage(stage: PromotionStage): Lane {
  return stage === 'canary' || stage === 'promoted' ? 'forecast' : 'shadow';
}

/** Whether the pipeline may consume the metric's value at a stage (only once promoted). */
export function isConsumed(stage: PromotionStage): boolean {
  return stage === 'promoted';
}

/** The starting state of a new metric. */
export function initialPromotionState(metric: string, stage: PromotionStage = 'candidate'): PromotionState {
  requireName('initialPromotionState', 'metric', metric);
  requireStage('initialPromotionState', 'stage', stage);
  return { metric, stage, qualifying_streak: 0, failing_streak: 0, entered_tick: null, last_tick: null };
}

/** Checks a policy and fills absent fields from `DEFAULT_PROMOTION_POLICY`. */
export function promotionPolicy(overrides: Partial<Record<PromotionStage, StagePolicy>> & { max_cost_percent?: number } = {}): PromotionPolicy {
  const fn = 'promotionPolicy';
  requireObject(fn, 'policy', overrides);
  for (const key of Object.keys(overrides)) {
    if (key !== 'max_cost_percent' && !(PROMOTION_STAGES as readonly string[]).includes(key)) {
      throw new ErsValidationError(fn, key, `is not a stage; stages are ${PROMOTION_STAGES.join(', ')}${didYouMean(key, [...PROMOTION_STAGES, 'max_cost_percent'])}`);
    }
  }
  const stage = (s: PromotionStage): StagePolicy => {
    const given = overrides[s];
    if (given === undefined) return DEFAULT_PROMOTION_POLICY[s];
    if (!isPlainObject(given)) throw new ErsValidationError(fn, s, 'must be an object', given);
    for (const key of Object.keys(given)) {
      if (key !== 'promote_after' && key !== 'demote_after') {
        throw new ErsValidationError(fn, `${s}.${key}`, `is not a policy field (promote_after, demote_after)${didYouMean(key, ['promote_after', 'demote_after'])}`);
      }
    }
    // An explicit `undefined` window means "not given" (the default applies), never "no limit".
    const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as StagePolicy;
    const merged = { ...DEFAULT_PROMOTION_POLICY[s], ...defined };
    if (s === 'promoted' && merged.promote_after !== undefined) {
      throw new ErsValidationError(fn, 'promoted.promote_after', 'must be absent: promoted is the top stage');
    }
    if (s === 'candidate' && merged.demote_after !== undefined) {
      throw new ErsValidationError(fn, 'candidate.demote_after', 'must be absent: candidate is the bottom stage');
    }
    if (merged.promote_after !== undefined) requirePositiveInt(fn, `${s}.promote_after`, merged.promote_after);
    if (merged.demote_after !== undefined) requirePositiveInt(fn, `${s}.demote_after`, merged.demote_after);
    return Object.freeze(merged);
  };
  const maxCost = overrides.max_cost_percent ?? DEFAULT_PROMOTION_POLICY.max_cost_percent;
  requirePositiveInt(fn, 'max_cost_percent', maxCost);
  if (maxCost > 100) throw new ErsValidationError(fn, 'max_cost_percent', 'must be at most 100', maxCost);
  return Object.freeze({
    candidate: stage('candidate'),
    shadow: stage('shadow'),
    canary: stage('canary'),
    promoted: stage('promoted'),
    max_cost_percent: maxCost,
  });
}

/**
 * Applies one tick of evidence. Pure and deterministic: the same (state, evidence, policy) always
 * gives the same result. Evidence must come in increasing tick order.
 */
export function decidePromotion(state: PromotionState, evidence: PromotionEvidence, policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY): PromotionDecision {
  const fn = 'decidePromotion';
  checkState(fn, state);
  checkEvidence(fn, evidence);
  const checked = promotionPolicy(policy);
  if (state.last_tick !== null && evidence.tick <= state.last_tick) {
    throw new ErsValidationError(fn, 'evidence.tick', `must be greater than the last applied tick ${state.last_tick}`, evidence.tick);
  }

  const failure = failingReason(evidence, checked);
  const at = PROMOTION_STAGES.indexOf(state.stage);
  const stagePolicy = checked[state.stage];
  const entered = state.entered_tick ?? evidence.tick;

  if (failure === null) {
    const streak = state.qualifying_streak + 1;
    const need = stagePolicy.promote_after;
    if (need !== undefined && streak >= need) {
      const next = PROMOTION_STAGES[at + 1] as PromotionStage;
      return {
        state: { metric: state.metric, stage: next, qualifying_streak: 0, failing_streak: 0, entered_tick: evidence.tick, last_tick: evidence.tick },
        decision: 'promote',
        reason: `${streak} consecutive qualifying ticks in ${state.stage} (needs ${need}): ${state.stage} → ${next}`,
      };
    }
    return {
      state: { ...state, qualifying_streak: streak, failing_streak: 0, entered_tick: entered, last_tick: evidence.tick },
      decision: 'hold',
      reason: need === undefined ? `qualifying tick in ${state.stage} (top stage)` : `qualifying tick ${streak} of ${need} in ${state.stage}`,
    };
  }

  const failing = state.failing_streak + 1;
  const limit = stagePolicy.demote_after;
  if (limit !== undefined && failing >= limit) {
    const prev = PROMOTION_STAGES[at - 1] as PromotionStage;
    return {
      state: { metric: state.metric, stage: prev, qualifying_streak: 0, failing_streak: 0, entered_tick: evidence.tick, last_tick: evidence.tick },
      decision: 'demote',
      reason: `${failing} consecutive failing ticks in ${state.stage} (limit ${limit}), last: ${failure}: ${state.stage} → ${prev}`,
    };
  }
  return {
    state: { ...state, qualifying_streak: 0, failing_streak: failing, entered_tick: entered, last_tick: evidence.tick },
    decision: 'hold',
    reason: `${failure}; qualifying streak reset${limit === undefined ? '' : ` (failing ${failing} of ${limit})`}`,
  };
}

/** Why a tick does not qualify, or null if it does. */
function failingReason(e: PromotionEvidence, policy: PromotionPolicy): string | null {
  if (e.status !== 'ok') return `status ${e.status}`;
  if (!e.invariant) return 'trace drifted across the invariance runs';
  // Integer arithmetic: cost share compared in percent without floating point.
  if (e.cost_ops * 100 > policy.max_cost_percent * e.lane_budget_ops) {
    return `cost ${e.cost_ops} ops exceeds ${policy.max_cost_percent}% of the lane budget ${e.lane_budget_ops}`;
  }
  return null;
}

function requireStage(fn: string, field: string, value: unknown): asserts value is PromotionStage {
  if (!(PROMOTION_STAGES as readonly unknown[]).includes(value)) {
    throw new ErsValidationError(fn, field, `must be one of ${PROMOTION_STAGES.join(', ')}`, value);
  }
}

function checkState(fn: string, s: PromotionState): void {
  requireObject(fn, 'state', s);
  requireName(fn, 'state.metric', s.metric);
  requireStage(fn, 'state.stage', s.stage);
  requireNonNegativeInt(fn, 'state.qualifying_streak', s.qualifying_streak);
  requireNonNegativeInt(fn, 'state.failing_streak', s.failing_streak);
  if (s.entered_tick !== null) requireNonNegativeInt(fn, 'state.entered_tick', s.entered_tick);
  if (s.last_tick !== null) requireNonNegativeInt(fn, 'state.last_tick', s.last_tick);
}

const EVIDENCE_STATUSES: readonly string[] = ['ok', 'skipped_budget', 'error', 'not_computable', 'absent'];

function checkEvidence(fn: string, e: PromotionEvidence): void {
  requireObject(fn, 'evidence', e);
  requireNonNegativeInt(fn, 'evidence.tick', e.tick);
  if (!EVIDENCE_STATUSES.includes(e.status)) {
    throw new ErsValidationError(fn, 'evidence.status', `must be one of ${EVIDENCE_STATUSES.join(', ')}`, e.status);
  }
  requireNonNegativeInt(fn, 'evidence.cost_ops', e.cost_ops);
  requireNonNegativeInt(fn, 'evidence.lane_budget_ops', e.lane_budget_ops);
  if (typeof e.invariant !== 'boolean') throw new ErsValidationError(fn, 'evidence.invariant', 'must be a boolean', e.invariant);
}

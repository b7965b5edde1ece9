/**
 * The canonical invariance scenario and the hash the golden vectors pin for it: tick 0,
 * `oracle:signal` (forecast, priority 0, cost 1) and `shadow:sei` (shadow, priority 0, cost 1), both
 * returning `{ ok: true }`, budgets forecast { ops: 10 } and shadow { ops: 10 }, context {}.
 * Owns: that scenario and that hash. Must not: run anything.
 */
import type { ScenarioDefinition } from './scenario-types.js';

/** The lock key of the canonical scenario. */
export const CANONICAL_ID = 'canonical';

/** The canonical scenario's hash in the golden vectors (ARCHITECTURE.md, "Determinism"). */
export const SPEC_CANONICAL_HASH = 'ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16';

export const CANONICAL_SCENARIO: ScenarioDefinition = Object.freeze({
  id: CANONICAL_ID,
  description: "The spec's canonical invariance scenario.",
  ticks: Object.freeze([0]),
  budget_forecast: Object.freeze({ ops: 10, entropy: 0 }),
  budget_shadow: Object.freeze({ ops: 10, entropy: 0 }),
  context: Object.freeze({}),
  async: false,
  runs: null,
  tasks: Object.freeze([
    Object.freeze({ name: 'oracle:signal', lane: 'forecast', priority: 0, cost_ops: 1, cost_entropy: 0, tags: Object.freeze([]), outcome: 'ok' }),
    Object.freeze({ name: 'shadow:sei', lane: 'shadow', priority: 0, cost_ops: 1, cost_entropy: 0, tags: Object.freeze([]), outcome: 'ok' }),
  ]),
  per_run_outcomes: Object.freeze([]),
} satisfies ScenarioDefinition);

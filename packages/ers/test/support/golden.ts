/**
 * Replays the reference's golden vectors (@abraxas/golden-vectors, produced by the Python ERS v0.2
 * implementation) as the README of those vectors prescribes.
 */
import vectors from '@abraxas/golden-vectors/ers-vectors.v1.json';
import { Budget, DeterministicScheduler, bindCallable, type Lane, type TaskSpec } from '../../src/index.js';

export interface GoldenTask {
  name: string;
  lane: Lane;
  priority: number;
  cost_ops: number;
  cost_entropy: number;
  tags: string[];
  outcome: 'ok' | 'throw' | 'absent';
}

export interface GoldenBudget {
  ops: number;
  entropy: number;
}

export interface SchedulerVector {
  id: string;
  tick: number;
  budget_forecast: GoldenBudget;
  budget_shadow: GoldenBudget;
  tasks: GoldenTask[];
  expect: {
    order: string[];
    statuses: Record<string, string>;
    errors: Record<string, string>;
    remaining: { forecast: GoldenBudget; shadow: GoldenBudget };
    trace_sha256: string;
    trace_json: string;
    trendpack_run_id: string;
    trendpack_provenance: Record<string, string>;
    trendpack_sha256: string;
    trendpack_json: string;
  };
}

export interface GateVector {
  id: string;
  tick: number;
  budget_forecast: GoldenBudget;
  budget_shadow: GoldenBudget;
  tasks: GoldenTask[];
  runs: number;
  per_run_outcomes: Record<string, GoldenTask['outcome']>[];
  expect_gate: unknown;
}

export interface GoldenVectors {
  schema: string;
  scheduler: SchedulerVector[];
  gate: GateVector[];
  runtime: unknown[];
}

export const golden = vectors as unknown as GoldenVectors;

/** The error the vectors' `throw` outcome raises: name `Boom`, message `deliberate failure`. */
export class Boom extends Error {
  override name = 'Boom';
  constructor() {
    super('deliberate failure');
  }
}

export function goldenTask(t: GoldenTask, outcome: GoldenTask['outcome'] = t.outcome): TaskSpec {
  return bindCallable({
    name: t.name,
    lane: t.lane,
    priority: t.priority,
    costOps: t.cost_ops,
    costEntropy: t.cost_entropy,
    tags: t.tags,
    fn: () => {
      if (outcome === 'throw') throw new Boom();
      return { ok: true };
    },
  });
}

export function runVector(
  v: { tick: number; budget_forecast: GoldenBudget; budget_shadow: GoldenBudget; tasks: GoldenTask[] },
  overrides: Record<string, GoldenTask['outcome']> = {},
) {
  const s = new DeterministicScheduler();
  for (const t of v.tasks) {
    const outcome = overrides[t.name] ?? t.outcome;
    if (outcome === 'absent') continue;
    s.add(goldenTask(t, outcome));
  }
  return s.runTick({
    tick: v.tick,
    budgetForecast: new Budget(v.budget_forecast),
    budgetShadow: new Budget(v.budget_shadow),
    context: {},
  });
}

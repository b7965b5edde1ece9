/**
 * Stabilization windows: run a declarative scenario at ticks 0..K-1 under each of a list of budget
 * variations, each (tick, budget) cell through the full gate (12 runs by default, in any isolation
 * mode), and report which cells are invariant. A budget's stable window is the number of leading
 * ticks (from tick 0) whose cells are all invariant.
 * Owns: the window matrix. Must not: print.
 */
import { budgetVariation, type BudgetVariation } from './budget-spec.js';
import type { ExitCode } from '../reports/check-report.js';
import type { RunDivergence } from '../reports/divergence-report.js';
import { ScenarioRunError } from '../errors.js';
import { DEFAULT_RUNS, evaluateScenario, type GateMode } from './gate-runner.js';
import { declarativeScenario } from '../scenario/scenario-load.js';
import type { LoadedScenario, ScenarioDefinition } from '../scenario/scenario-types.js';

export const WINDOW_SCHEMA = 'StabilizationWindowReport.v1';

export interface WindowCell {
  readonly budget: string;
  readonly tick: number;
  readonly ok: boolean;
  /** The agreed hash, or null when the cell drifted or a run failed. */
  readonly hash: string | null;
  readonly first_mismatch_index: number | null;
  readonly divergences: readonly RunDivergence[];
  readonly error: string | null;
}

export interface WindowReport {
  readonly schema: typeof WINDOW_SCHEMA;
  readonly ok: boolean;
  readonly exit_code: ExitCode;
  readonly scenario: { readonly id: string; readonly source: string };
  readonly mode: GateMode;
  readonly runs: number;
  readonly ticks: readonly number[];
  readonly budgets: readonly BudgetVariation[];
  /** Row-major: for each budget (in the given order), each tick in order. */
  readonly cells: readonly WindowCell[];
  /** Per budget: how many ticks from tick 0 are invariant before the first drifting one. */
  readonly windows: readonly { readonly budget: string; readonly stable_ticks: number }[];
}

export interface WindowOptions {
  readonly ticks: number;
  readonly budgets: readonly BudgetVariation[];
  readonly mode: GateMode;
  readonly runs: number | null;
}

/** A window's report, and each cell's per-run trace hashes (row-major like `cells`; null for a cell that failed). */
export interface WindowEvaluation {
  readonly report: WindowReport;
  readonly cellHashes: readonly (readonly string[] | null)[];
}

/** Evaluates every (budget, tick) cell of `scenario` (which must be declarative). */
export async function runStabilizationWindow(scenario: LoadedScenario & { definition: ScenarioDefinition }, options: WindowOptions): Promise<WindowEvaluation> {
  const def = scenario.definition;
  const ticks = Array.from({ length: options.ticks }, (_, i) => i);
  const budgets = dedupe(options.budgets);
  const cells: WindowCell[] = [];
  const cellHashes: (readonly string[] | null)[] = [];
  let runs = options.runs ?? def.runs ?? DEFAULT_RUNS;
  for (const budget of budgets) {
    for (const tick of ticks) {
      const cellDef: ScenarioDefinition = { ...def, ticks: [tick], budget_forecast: budget.forecast, budget_shadow: budget.shadow };
      try {
        const evaluation = await evaluateScenario(declarativeScenario(cellDef, scenario.source), { mode: options.mode, runs: options.runs });
        runs = evaluation.runs;
        cellHashes.push(evaluation.gate.hashes);
        cells.push({
          budget: budget.label,
          tick,
          ok: evaluation.gate.ok,
          hash: evaluation.gate.ok ? evaluation.gate.expected_hash : null,
          first_mismatch_index: evaluation.gate.first_mismatch_index,
          divergences: evaluation.divergences,
          error: null,
        });
      } catch (e) {
        if (!(e instanceof ScenarioRunError)) throw e;
        cellHashes.push(null);
        cells.push({ budget: budget.label, tick, ok: false, hash: null, first_mismatch_index: null, divergences: [], error: e.message });
      }
    }
  }
  const windows = budgets.map((b) => {
    const row = cells.filter((c) => c.budget === b.label);
    const firstDrift = row.findIndex((c) => !c.ok);
    return { budget: b.label, stable_ticks: firstDrift === -1 ? row.length : firstDrift };
  });
  const exitCode: ExitCode = cells.some((c) => c.error !== null) ? 2 : cells.every((c) => c.ok) ? 0 : 1;
  const report: WindowReport = {
    schema: WINDOW_SCHEMA,
    ok: exitCode === 0,
    exit_code: exitCode,
    scenario: { id: scenario.id, source: scenario.source.label },
    mode: options.mode,
    runs,
    ticks,
    budgets,
    cells,
    windows,
  };
  return { report, cellHashes };
}

/** The default variations: the scenario's own budgets, then each lane starved in turn, then both. */
export function defaultBudgets(def: ScenarioDefinition): BudgetVariation[] {
  const zero = { ops: 0, entropy: 0 };
  return dedupe([
    budgetVariation(def.budget_forecast, def.budget_shadow),
    budgetVariation(zero, def.budget_shadow),
    budgetVariation(def.budget_forecast, zero),
    budgetVariation(zero, zero),
  ]);
}

/** Drops repeated variations (same label), keeping the first. */
function dedupe(budgets: readonly BudgetVariation[]): BudgetVariation[] {
  const seen = new Set<string>();
  return budgets.filter((b) => (seen.has(b.label) ? false : (seen.add(b.label), true)));
}
